"""The one way the atlas compares words, and the one test of a web address.

Column names, mineral synonyms, province names and category values are typed by people in many
forms ("Processing-plant", "processing_plant", "Processing plant"); they are all compared
through ``key``. A link is only ever an http(s) URL with a host (``is_web_url``), so
"javascript:…" or "httpfoo" never becomes a clickable link.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s_\-.()]+")
_WEB_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)


def key(text: object) -> str:
    """``text`` case-folded with spaces, underscores, hyphens, dots and brackets folded into
    single spaces, for comparing names typed in different ways."""
    return _SEPARATORS.sub(" ", str(text).casefold()).strip()


def is_web_url(text: object) -> bool:
    """Whether ``text`` is an http:// or https:// URL with a host (and no spaces)."""
    return isinstance(text, str) and bool(_WEB_URL.match(text.strip()))
