"""The README's Security section states every limit as geo/ingest/limits.py sets it, and how to
report a problem."""

from __future__ import annotations

from geo.ingest.limits import LIMITS, describe
from tests.security.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Security") :]
SECTION = SECTION[: SECTION.index("\n## ", 1)]


def test_every_limit_is_quoted_as_set():
    for limit in LIMITS:
        assert f"- {describe(limit)}\n" in SECTION, describe(limit)


def test_the_section_says_what_is_checked_and_how_to_report():
    for words in ("tests/security/", "Reporting a problem", "OWASP", "geo/ingest/sniff.py", "MiB"):
        assert words in SECTION
