"""Coordinate reference systems used across the atlas.

Stored data and every export are WGS84 longitude/latitude (what RFC 7946 requires). Areas and
distances are computed in projections chosen for Pakistan so that a km² or a km means the same
thing in Gilgit-Baltistan as in Sindh.
"""

WGS84 = "EPSG:4326"

# Albers equal-area with standard parallels bracketing Pakistan (about 24°N to 37°N): area
# distortion over the country stays well below 1 %, unlike Web Mercator (~30 % between Karachi
# and Gilgit).
PAKISTAN_EQUAL_AREA = (
    "+proj=aea +lat_0=30 +lon_0=69 +lat_1=26 +lat_2=34 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
)

# Rough envelope of Pakistan including Gilgit-Baltistan and AJK, with a small margin. Used only as a
# cheap first check on coordinates; the boundary polygons give the real answer.
PAKISTAN_BBOX = {"min_lat": 23.5, "max_lat": 37.2, "min_lon": 60.8, "max_lon": 77.9}
