"""Investment projects drawn at their sites: a star where the project is, lines to each site.

Projects that share the same sites (Reko Diq has several financing agreements) share one star
whose popup lists them all. Projects with no announced site are not drawn; the page lists them.
"""

from __future__ import annotations

from collections import defaultdict

import folium
import geopandas as gpd

from layers.script import ParentCall
from layers.text import layer_group, safe_text, safe_url

REQUIRED = ("id", "name", "partners", "amount_usd", "announced", "status", "site_ids", "source")


def project_layer(
    projects: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, name: str = "Investment projects"
) -> folium.FeatureGroup:
    """Stars at the centre of each project's mapped sites, dashed lines to the sites."""
    missing = [c for c in REQUIRED if c not in projects.columns]
    if missing:
        raise ValueError(f"`projects` is missing columns {missing}")
    located = sites[sites.geometry.notna()].set_index("id").geometry
    by_anchor: dict[tuple[str, ...], list] = defaultdict(list)
    for _, project in projects.iterrows():
        site_ids = tuple(sorted(s for s in project["site_ids"] if s in located.index))
        if site_ids:
            by_anchor[site_ids].append(project)
    anchors, lines = [], []
    for site_ids, group in by_anchor.items():
        points = [located[s] for s in site_ids]
        lat = sum(p.y for p in points) / len(points)
        lon = sum(p.x for p in points) / len(points)
        if len(points) > 1:
            lines += [[[lat, lon], [p.y, p.x]] for p in points]
        names = "; ".join(safe_text(p["name"]) for p in group)
        anchors.append(
            {
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "ids": [safe_text(p["id"]) for p in group],
                "tooltip": f"{len(group)} project(s): {names}",
                "popup": "".join(project_popup_html(p) for p in group),
            }
        )
    layer = layer_group(f"{name} ({sum(len(g) for g in by_anchor.values())})")
    if anchors:
        payload = {"anchors": anchors, "lines": lines}
        ParentCall("ProjectLinks", "Atlas.addProjects", payload).add_to(layer)
    return layer


def project_popup_html(project) -> str:
    """The popup of one project row: its partners, amount, announcement, status, minerals, sites,
    notes and linked source, every text escaped (layers/text.py)."""
    amount = project["amount_usd"]
    amount_text = "" if amount != amount or amount is None else f"US$ {amount:,.0f}"
    rows = [
        ("Partners", "; ".join(project["partners"])),
        ("Amount", amount_text),
        ("Announced", project["announced"]),
        ("Status", str(project["status"]).replace("_", " ")),
        ("Minerals", ", ".join(project.get("minerals", []) or [])),
        ("Sites", ", ".join(project["site_ids"])),
        ("Notes", _shorten(project.get("notes", ""))),
    ]
    body = "".join(f"<tr><th>{safe_text(k)}</th><td>{safe_text(v)}</td></tr>" for k, v in rows if v)
    url = safe_url(project.get("source_url"))
    source = safe_text(project["source"])
    if url:
        source = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{source}</a>'
    return (
        f"<div class='atlas-popup'><h4>{safe_text(project['name'])}</h4>"
        f"<table>{body}<tr><th>Source</th><td>{source}</td></tr></table></div>"
    )


def _shorten(text: str, limit: int = 400) -> str:
    # Full notes are in the tables and exports; a popup shows the start.
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
