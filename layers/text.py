"""The one place where text from data files is made safe for folium.

folium puts popup and tooltip text into HTML, and (in 0.20) renders it through Jinja a second
time, so a site called ``{{ 7*7 }}`` would show "49" and a crafted name could run code on the
server. Escaping HTML *and* the braces and percent sign that open Jinja tags (and the backtick
and dollar sign of JavaScript template literals, which folium also uses) turns any value into
inert text that the browser still displays verbatim.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import folium
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.model.normalise import is_web_url

# One translation table, applied in a single pass, so no entity is escaped twice.
_SAFE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        "{": "&#123;",
        "}": "&#125;",
        "%": "&#37;",
        # folium writes some content into JavaScript template literals: `...${...}...`
        "`": "&#96;",
        "$": "&#36;",
    }
)


def _plain(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def safe_text(value: Any) -> str:
    """``value`` as HTML-escaped, Jinja-inert text ('' for missing values)."""
    return _plain(value).translate(_SAFE)


# The same table as pairs for pyarrow, "&" first so no entity written here is escaped again.
_SAFE_PAIRS = sorted(((chr(k), v) for k, v in _SAFE.items()), key=lambda pair: pair[0] != "&")


def safe_texts(values: np.ndarray) -> list[str]:
    """``safe_text`` of every value of an object array, escaped column-wise in Arrow.

    Per value in Python, the names and ids of 100,000 sites took half a second of a map
    rebuild; Arrow's string kernels do the same replacements in a few passes over the column.
    """
    text = [v if type(v) is str else _plain(v) for v in values]
    column = pa.array(text, type=pa.large_string())
    for char, entity in _SAFE_PAIRS:
        column = pc.replace_substring(column, char, entity)
    return column.to_pylist()


def layer_group(name: str, *, show: bool = True, **options: Any) -> folium.FeatureGroup:
    """A FeatureGroup whose name is inert: the layer control writes names into HTML after two
    Jinja passes, so a file called ``{{ … }}.csv`` or ``<img onerror=…>.csv`` must reach it
    escaped. The name as given stays on ``.title`` for plain-text captions."""
    group = folium.FeatureGroup(name=safe_text(name), show=show, **options)
    group.title = str(name)
    return group


def layer_title(group: folium.FeatureGroup) -> str:
    """The name a layer was given, unescaped (for showing as plain text outside the map)."""
    return getattr(group, "title", group.layer_name)


# Markdown from users must not become links, images, emphasis or Streamlit directives. Escaping
# punctuation is not enough: Streamlit turns "https://…", "www.…" and "a@b.c" into links even
# when escaped. Inside a code span nothing is interpreted (no escapes, no entities, no links),
# so user text goes into one, fenced with more backticks than it contains.
_BACKTICKS = re.compile(r"`+")


def markdown_literal(value: Any) -> str:
    """``value`` as Markdown that displays exactly as typed (in a code span): no links, images,
    emphasis, HTML or Streamlit directives. Line ends become spaces, as in any code span."""
    text = "" if value is None else " ".join(str(value).splitlines())
    if not text:
        return ""
    fence = "`" * (max((len(m) for m in _BACKTICKS.findall(text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def safe_url(value: Any) -> str | None:
    """An http(s) URL safe to put in an href, or None for anything else (javascript: …)."""
    text = "" if value is None else str(value).strip()
    return safe_text(text) if is_web_url(text) else None


def script_json(value: Any) -> str:
    """``value`` as compact JSON that is safe inside an inline ``<script>``.

    "</" is written "<\\/" so no string can close the script element; compact JSON never contains
    "{{", "{%" or "{#", so a Jinja pass over the rendered script finds nothing to evaluate.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("</", "<\\/")
