"""Coordinate reference systems used across the atlas.

Stored data and every export are WGS84 longitude/latitude (what RFC 7946 requires). Areas and
distances are computed in projections chosen for Pakistan so that a km² or a km means the same
thing in Gilgit-Baltistan as in Sindh.
"""

WGS84 = "EPSG:4326"

# Albers equal-area with standard parallels bracketing Pakistan (about 24°N to 37°N): over the
# country areas are exact and distances within 0.5 % (angular distortion under 0.7°), unlike Web
# Mercator (~30 % between Karachi and Gilgit). Used for areas and for distances between nearby
# features; it has no authority code, so it is never written into a file.
PAKISTAN_EQUAL_AREA = (
    "+proj=aea +lat_0=30 +lon_0=69 +lat_1=26 +lat_2=34 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
)

# The grid of the raster surfaces, which GeoTIFFs carry: an equal-area CRS with an authority code
# so that GIS software names it (in the Albers above QGIS shows "Unknown CRS"). EPSG:6933 "WGS 84
# / NSIDC EASE-Grid 2.0 Global" is Lambert's cylindrical equal-area with its true-scale parallel
# at 30°N, Pakistan's middle: cells have exactly equal areas, grid north is true north (the
# rasters are not turned), and over Pakistan (61-77.5°E, 24-37°N) a cell's east-west side is
# 0.948-1.084 of nominal (angular distortion at most 9.2°). Surface values do not depend on it:
# they are great-circle distances from cell centres. The codes with "Albers" in their name do
# worse here: ESRI:102028 (Asia South, centred on 125°E, 7°N to 32°S) 1.148-1.359 and 34.6°;
# ESRI:102025 (Asia North) 0.915-0.955, 10.2° and grids turned 10-20° from north; EPSG:10594
# (GLANCE Asia) 6.3° but turned 11-25°. tests/test_raster.py measures these with pyproj.
RASTER_CRS = "EPSG:6933"

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
