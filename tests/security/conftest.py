"""Shared pieces of the hostile-input suite: the hostile names, a page driver and the atlas."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import shown

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
CORPUS = ROOT / "tests" / "data"
PWNED = Path("/tmp/atlas-pwned")
# The payload from issue 8: no quotes or slashes, so it survives as a file name; rendered by
# Jinja it opens (creates) /tmp/atlas-pwned and evaluates to a file descriptor number.
SSTI_NAME = (
    "{{ cycler.__init__.__globals__.os.open(cycler.__init__.__globals__.os.sep ~ "
    "dict(tmp=1)|first ~ cycler.__init__.__globals__.os.sep ~ dict(atlas=1)|first ~ "
    "(0-1)|string|first ~ dict(pwned=1)|first, 65) }}.csv"
)
XSS_NAME = "<img src=x onerror=alert(document.domain)>.csv"
SITES_CSV = (CORPUS / "basic.csv").read_bytes()


@pytest.fixture
def no_pwned_file():
    PWNED.unlink(missing_ok=True)
    yield PWNED
    PWNED.unlink(missing_ok=True)


def outside_code(markdown: str) -> str:
    """The parts of a Markdown text that Streamlit interprets (everything but code spans)."""
    return re.sub(r"(`+) (.*?) \1(?!`)", "", markdown)


def page(*files: tuple[str, bytes], **query) -> AppTest:
    """The real page after uploading ``files`` (name, bytes) as one user would."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run()
    at.file_uploader(key="upload").set_value([(n, d, "text/csv") for n, d in files]).run()
    return at


def page_texts(at: AppTest) -> list[str]:
    """Everything the page shows as text, Markdown elements as displayed."""
    out = [t.value for t in at.text] + [c.value for c in at.code]
    for group in (at.caption, at.markdown, at.success, at.error, at.warning, at.subheader):
        out += [shown(e.value) for e in group]
    out += [shown(e.label) for e in at.expander]
    return out


def layer_captions(at: AppTest) -> str:
    return " ".join(shown(c.value) for c in at.caption if c.value.startswith("On the map:"))
