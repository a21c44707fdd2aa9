"""The bundled offline basemap: land and borders, province outlines, place names.

Built by scripts/build_basemap.py (Natural Earth, public domain; GeoNames, CC BY 4.0) and read
from data/ only, so the map has context with no tile server at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geopandas as gpd

from geo.model.boundaries import BOUNDARIES_PATH
from geo.paths import DATA_DIR

BASEMAP_DIR = DATA_DIR / "basemap"
ATTRIBUTION = (
    "Offline map: Natural Earth (public domain); places "
    '&copy; <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)
# Pakistan's federal capital and the capitals of its provinces and territories: labelled at every
# zoom, before larger towns, so a reader can always place the map.
CAPITALS = ("Islamabad", "Karachi", "Lahore", "Peshawar", "Quetta", "Gilgit", "Muzaffarābād")
# Labels the data has no polygon or point for.
SEAS = (("Arabian Sea", 22.6, 64.0),)


@dataclass(frozen=True)
class OfflineBasemap:
    countries: gpd.GeoDataFrame  # name, iso_a3
    provinces: gpd.GeoDataFrame  # name (Pakistan's first-level units)
    places: gpd.GeoDataFrame  # name, country, population; largest first


@cache
def load_offline_basemap() -> OfflineBasemap:
    """The bundled layers (read once per process; they never change at run time)."""
    countries = gpd.read_file(BASEMAP_DIR / "countries.geojson")
    places = gpd.read_file(BASEMAP_DIR / "places.geojson")
    provinces = gpd.read_file(BOUNDARIES_PATH)[["name", "geometry"]]
    return OfflineBasemap(countries, provinces, places)
