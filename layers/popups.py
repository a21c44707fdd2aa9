"""Popup HTML for one site: every attribute a user needs, and the source as a link."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from layers.text import safe_text, safe_url

PRECISION_TEXT = {
    "exact": "exact (the site itself)",
    "approximate": "approximate (a nearby named place, within ~10 km)",
    "district": "district-level only (drawn at the district headquarters)",
}


def site_popup_html(site: Mapping[str, Any], mineral_names: Mapping[str, str]) -> str:
    rows = [
        ("Type", str(site["site_type"]).replace("_", " ")),
        ("Minerals", ", ".join(mineral_names.get(m, m) for m in site["minerals"])),
        ("Status", site["status"]),
        ("Operator", site.get("operator")),
        ("Owners", site.get("owners")),
        ("District", site.get("district")),
        ("Province (source)", site.get("province")),
        ("Location", PRECISION_TEXT.get(site["location_precision"], site["location_precision"])),
        (
            "Coordinates",
            f"{site['lat']:.5f}, {site['lon']:.5f}" if site.get("lat") == site.get("lat") else "",
        ),
        ("As of", site.get("as_of")),
        ("Notes", site.get("notes")),
    ]
    body = "".join(f"<tr><th>{safe_text(k)}</th><td>{safe_text(v)}</td></tr>" for k, v in rows if v)
    url = safe_url(site.get("source_url"))
    source = safe_text(site["source"])
    if url:
        source = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{source}</a>'
    return (
        f"<div class='site-popup'><h4>{safe_text(site['name'])}</h4>"
        f"<table>{body}<tr><th>Source</th><td>{source}</td></tr></table></div>"
    )
