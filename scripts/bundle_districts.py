"""Copy the OpenStreetMap district layer into data/boundaries/ and record its SHA-256.

The file is ODbL 1.0 (© OpenStreetMap contributors, via the public repository
AbuBakrCh/pakistan-map): it is bundled unchanged as a separate file, so it stays under ODbL while
the atlas's own data keep their licence. The script writes a sidecar JSON next to it with the
source path, SHA-256, size, licence and attribution; ``tests/test_bundled_data.py`` checks that
the bundled bytes still match that hash.

Usage:
    python scripts/bundle_districts.py [SOURCE]
    (default SOURCE: ../shared/external/boundaries_osm_pakmap_adm2_districts.geojson)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.model.districts import DISTRICTS_PATH  # noqa: E402

DEFAULT_SOURCE = (
    ROOT.parent / "shared" / "external" / "boundaries_osm_pakmap_adm2_districts.geojson"
)
SIDECAR_SUFFIX = ".source.json"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bundle(source: Path, target: Path = DISTRICTS_PATH) -> dict:
    """Copy ``source`` to ``target`` unchanged; write and return the sidecar record."""
    if not source.is_file():
        raise SystemExit(f"bundle_districts: {source} is not a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    record = {
        "file": target.name,
        "copied_from": source.name,
        "sha256": sha256(target),
        "bytes": target.stat().st_size,
        "licence": "ODbL 1.0 (Open Database License), https://opendatacommons.org/licenses/odbl/1-0/",
        "attribution": "© OpenStreetMap contributors",
        "origin": "OpenStreetMap district relations (2023-census district set) as published in "
        "the public GitHub repository AbuBakrCh/pakistan-map",
        "changes": "none: copied byte for byte",
    }
    if sha256(source) != record["sha256"]:
        raise SystemExit("bundle_districts: the copy does not match its source")
    sidecar = target.with_name(target.name + SIDECAR_SUFFIX)
    sidecar.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    record = bundle(args.source)
    print(f"wrote {DISTRICTS_PATH.relative_to(ROOT)} ({record['bytes']} bytes)")
    print(f"sha256 {record['sha256']}")


if __name__ == "__main__":
    main()
