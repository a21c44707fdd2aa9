"""Coordinate reference systems used across the atlas.

Stored data and every export are WGS84 longitude/latitude (what RFC 7946 requires). Areas and
distances are computed in projections chosen for Pakistan so that a km² or a km means the same
thing in Gilgit-Baltistan as in Sindh.
"""

WGS84 = "EPSG:4326"

# An equal-area projection with an authority code, so that GIS software names it (a GeoTIFF in
# a custom Albers shows as "Unknown CRS" in QGIS). EPSG:6933 "WGS 84 / NSIDC EASE-Grid 2.0
# Global" is Lambert's cylindrical equal-area with its true-scale parallel at 30°N, Pakistan's
# middle: areas are exact, grid north is true north everywhere (no rotation of the rasters), and
# over Pakistan (61-77.5°E, 24-37°N) scale along parallels stays within 0.948-1.084 (angular
# distortion at most 9.2°). The codes with "Albers" in their name do worse there: ESRI:102028
# (Asia South, centred on 125°E, 7°N to 32°S) 1.148-1.359 and 34.6°, and ESRI:102025 (Asia
# North) 0.915-0.955, 10.2° and grids turned 10-20° from north; EPSG:10594 (GLANCE Asia) has
# less distortion (6.3°) but turns grids 11-25°. tests/test_raster.py measures these with pyproj.
PAKISTAN_EQUAL_AREA = "EPSG:6933"

# Rough envelope of Pakistan including Gilgit-Baltistan and AJK, with a small margin. Used only as a
# cheap first check on coordinates and rasters; the boundary polygons give the real answer.
PAKISTAN_BBOX = {"min_lat": 23.5, "max_lat": 37.2, "min_lon": 60.8, "max_lon": 77.9}
# The same envelope as (west, south, east, north), the order rasterio and shapely use.
PAKISTAN_BOUNDS = (
    PAKISTAN_BBOX["min_lon"],
    PAKISTAN_BBOX["min_lat"],
    PAKISTAN_BBOX["max_lon"],
    PAKISTAN_BBOX["max_lat"],
)
