"""Text from data files and users, made inert for Streamlit's Markdown."""

from __future__ import annotations

import math
import re
from typing import Any

from geo.model.normalise import is_web_url
from layers.text import markdown_literal


def md(value: Any) -> str:
    """``value`` as Markdown that displays exactly the text, on one line ('' for missing);
    the escaping is layers.text.markdown_literal, the atlas's one Markdown escaper."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    return markdown_literal(" ".join(str(value).split()))


def md_link(label: Any, url: Any) -> str:
    """A Markdown link to an http(s) URL, or the escaped label alone for anything else."""
    text = "" if url is None else str(url).strip()
    if not is_web_url(text) or any(c in text for c in "<>\"'"):
        return md(label)
    target = text.replace("(", "%28").replace(")", "%29")
    return f"[{md(label)}]({target})"


def pretty(value: str) -> str:
    """A vocabulary value for people: ``mou_signed`` -> "Mou signed"."""
    text = value.replace("_", " ").capitalize() if value else "Unspecified"
    return text.replace("Mou ", "MoU ")


def usd(amount: Any) -> str:
    """US$ with thousands separators ("US$500,000,000"); '' when the amount is not known."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)) or amount == "":
        return ""
    return f"US${float(amount):,.0f}"


def code(value: Any) -> str:
    """``value`` as an inline code span: shown verbatim, nothing inside is interpreted."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
