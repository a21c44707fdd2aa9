"""The user's imported sites: their own layer, drawn as diamonds so they never pass for
bundled, sourced records."""

from __future__ import annotations

import folium
import geopandas as gpd

from geo.model.vocabulary import Vocabulary
from layers.sites import AGGREGATE_ABOVE, point_layer

SHAPE = "diamond"


def imported_layers(
    sites: gpd.GeoDataFrame,
    vocabulary: Vocabulary,
    *,
    cluster: bool = False,
    aggregate_above: int = AGGREGATE_ABOVE,
) -> list[folium.FeatureGroup]:
    """One layer per imported file or saved dataset (the ``dataset`` column:
    "imported: <file name>" or "saved: <dataset name>")."""
    if "dataset" not in sites.columns:
        raise ValueError("`sites` needs a 'dataset' column (see geo.model.atlas.combine_sites)")
    imported = sites[sites["dataset"].fillna("bundled") != "bundled"]
    return [
        point_layer(
            rows,
            vocabulary,
            _label(dataset),
            shape=SHAPE,
            radius=7,
            cluster=cluster,
            aggregate_above=aggregate_above,
        )
        for dataset, rows in imported.groupby("dataset", sort=True)
    ]


def _label(dataset: str) -> str:
    if dataset.startswith("saved: "):
        return f"Saved dataset: {dataset.removeprefix('saved: ')}"
    return f"Your data: {dataset.removeprefix('imported: ')}"
