"""Keep a released edition of the data beside the current one, for "what changed in this release".

Writes the tables of git revision REV (``git show REV:data/<table>.csv``) into
``data/releases/VERSION/`` unchanged, so the app can compare without git at run time.

Usage:
    python scripts/snapshot_release.py REV VERSION      # e.g. eee282c 1.0.0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.model.diff import RELEASES_DIR, folder_at_revision  # noqa: E402
from geo.paths import DATA_DIR  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="git revision of the release")
    parser.add_argument("version", help="its release number, e.g. 1.0.0")
    args = parser.parse_args()
    target = folder_at_revision(args.revision, DATA_DIR / RELEASES_DIR / args.version, ROOT)
    for path in sorted(target.iterdir()):
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
