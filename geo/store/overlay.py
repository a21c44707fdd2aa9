"""The bundled release as the store has it now: accepted corrections applied over the files.

The bundled CSV files are never changed; the app and exports read the corrected view.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.model.atlas import Atlas, with_sites
from geo.model.sites import check_site_row, site_frame


def with_corrections(atlas: Atlas, changed: list[dict[str, str]]) -> Atlas:
    """``atlas`` with each changed site (cells as ``Store.changed_sites`` gives them) in place
    of its bundled row. A stored row that no longer passes the sites.csv rules (e.g. a mineral
    the vocabulary dropped) leaves the bundled row in place."""
    rows = []
    for cells in changed:
        clean, _problems = check_site_row(cells, atlas.vocabulary, file="store")
        if clean is not None:
            rows.append(clean)
    if not rows:
        return atlas
    corrected = site_frame(rows).set_index("id", drop=False)
    order = list(atlas.sites["id"]) + [
        i for i in corrected.index if i not in set(atlas.sites["id"])
    ]
    base = atlas.sites.drop(columns=["unit", "province_matches"]).set_index("id", drop=False)
    merged = pd.concat(
        [base.drop(index=[i for i in corrected.index if i in base.index]), corrected]
    )
    merged = merged.loc[order].reset_index(drop=True)
    return with_sites(atlas, gpd.GeoDataFrame(merged, geometry="geometry", crs=atlas.sites.crs))
