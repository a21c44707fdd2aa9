"""The bundled district layer, and the check that a site's point lies in its declared district.

The layer is OpenStreetMap's 2023-census district set (ODbL; copied unchanged by
``scripts/bundle_districts.py``, which records its SHA-256 in ``data/boundaries/``). Sources spell
districts in many ways and some districts were split after the layer was drawn, so a declared name
is resolved through a small alias table to the layer district(s) it may lie in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from geo.errors import BoundaryError, Problem
from geo.model.crs import PAKISTAN_EQUAL_AREA, WGS84
from geo.paths import DATA_DIR

DISTRICTS_NAME = "pakistan_adm2_districts_osm.geojson"
DISTRICTS_PATH = DATA_DIR / "boundaries" / DISTRICTS_NAME
# District outlines are generalised and a published point of a place on a district line may sit on
# either side of it: a point this close to its declared district is accepted.
DISTRICT_TOLERANCE_KM = 2.0
# A `district`-precision point (the district headquarters standing in for the site) is kept only
# in districts up to this area (km², equal-area projection), where the headquarters lies within a
# few tens of km of any place in the district; in larger districts (Chagai: 44,000 km²) it would
# misplace the site by up to hundreds of km, so such a site is listed without a point (`unknown`).
DISTRICT_POINT_MAX_KM2 = 3500.0

# Declared name (casefolded) -> the layer districts it may lie in. Spelling variants, and districts
# created after the layer's date (their parent district; listed in data/SOURCES.md).
DISTRICT_ALIASES: dict[str, tuple[str, ...]] = {
    "abbottabad": ("Abbotabad",),
    "diamer": ("Diamir",),
    "kachhi": ("Kachhi (Bolan)",),
    "bolan": ("Kachhi (Bolan)",),
    "qila abdullah": ("Killa Abdullah",),
    "qilla abdullah": ("Killa Abdullah",),
    "qila saifullah": ("Killa Saifullah",),
    "qilla saifullah": ("Killa Saifullah",),
    "musakhel": ("Musa Khel",),
    "kharmang": ("Kharmaung",),
    "nawabshah": ("Shaheed Benazirabad",),
    "mirpurkhas": ("Mirpur Khas",),
    "kambar": ("Kambar Shahdadkot",),
    "qambar shahdadkot": ("Kambar Shahdadkot",),
    "tando muhammad khan": ("Tando Mohammad Khan",),
    "kohistan": ("Upper Kohistan", "Lower Kohistan", "Kolai Pallas Kohistan"),
    "chitral": ("Lower Chitral", "Upper Chitral"),
    "hunza-nagar": ("Hunza", "Nagar"),
    "karachi": (
        "Karachi Central",
        "Karachi East",
        "Karachi South",
        "Karachi West",
        "Keamari",
        "Korangi",
        "Malir",
    ),
    # Created after the layer's date: the parent district it was carved from.
    "hub": ("Lasbela",),
    "karezat": ("Pishin",),
    "karizat barshore": ("Pishin",),
    "usta muhammad": ("Jaffarabad",),
    "lower south waziristan": ("South Waziristan",),
    "upper south waziristan": ("South Waziristan",),
    "tangir": ("Diamir",),
    "darel": ("Diamir",),
    "gupis-yasin": ("Ghizer",),
    "roundu": ("Skardu",),
    "central kurram": ("Kurram",),
    "lower kurram": ("Kurram",),
    "upper kurram": ("Kurram",),
}


@dataclass(frozen=True)
class DistrictMiss:
    """A mapped site outside its declared district by more than the tolerance."""

    id: str
    declared: str
    computed: str | None
    distance_km: float | None  # None: the declared name is not a district the layer knows

    def __str__(self) -> str:
        if self.distance_km is None:
            return f"{self.id}: district {self.declared!r} is not in the district layer"
        where = self.computed or "no district"
        return f"{self.id}: lies in {where}, {self.distance_km:.1f} km outside {self.declared}"


def load_districts(path: Path = DISTRICTS_PATH) -> gpd.GeoDataFrame:
    """The district polygons with their ``name`` and ``province`` (WGS84)."""
    try:
        frame = pyogrio.read_dataframe(path, columns=["name", "province"])
    except (pyogrio.errors.DataSourceError, OSError) as exc:
        raise BoundaryError(f"cannot read the district layer {path}: {exc}") from exc
    return gpd.GeoDataFrame(frame, geometry="geometry").to_crs(WGS84)


def resolve_district(name: str, districts: gpd.GeoDataFrame) -> tuple[str, ...]:
    """The layer districts a declared name may mean (empty when it names none)."""
    key = " ".join(name.split()).casefold()
    by_key = {n.casefold(): n for n in districts["name"]}
    if key in by_key:
        return (by_key[key],)
    return tuple(n for n in DISTRICT_ALIASES.get(key, ()) if n.casefold() in by_key)


def district_misses(
    sites: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    tolerance_km: float = DISTRICT_TOLERANCE_KM,
) -> list[DistrictMiss]:
    """Mapped sites with a declared district whose point lies more than ``tolerance_km`` outside
    it (or whose district the layer does not know)."""
    metric = districts.to_crs(PAKISTAN_EQUAL_AREA)
    shapes = dict(zip(metric["name"], metric.geometry, strict=True))
    tree = shapely.STRtree(metric.geometry.values)
    names = metric["name"].to_numpy()
    mapped = sites[sites.geometry.notna() & sites["district"].fillna("").ne("")]
    points = mapped.to_crs(PAKISTAN_EQUAL_AREA).geometry
    misses = []
    for (_, row), point in zip(mapped.iterrows(), points, strict=True):
        declared = row["district"]
        wanted = resolve_district(declared, districts)
        if not wanted:
            misses.append(DistrictMiss(row["id"], declared, None, None))
            continue
        gap_km = min(shapes[w].distance(point) for w in wanted) / 1000
        if gap_km <= tolerance_km:
            continue
        hits = tree.query(point, predicate="within")
        computed = str(names[hits[0]]) if len(hits) else None
        misses.append(DistrictMiss(row["id"], declared, computed, round(gap_km, 1)))
    return misses


def district_areas(districts: gpd.GeoDataFrame) -> dict[str, float]:
    """Layer district name -> area in km² (equal-area projection)."""
    metric = districts.to_crs(PAKISTAN_EQUAL_AREA)
    return dict(zip(districts["name"], metric.area / 1e6, strict=True))


def oversized_district_points(
    sites: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    max_km2: float = DISTRICT_POINT_MAX_KM2,
) -> list[tuple[str, str, float]]:
    """(id, declared district, km²) of mapped `district`-precision rows whose district is larger
    than ``max_km2``."""
    areas = district_areas(districts)
    out = []
    rows = sites[sites.geometry.notna() & sites["location_precision"].eq("district")]
    for sid, declared in zip(rows["id"], rows["district"].fillna(""), strict=True):
        wanted = resolve_district(declared, districts)
        area = sum(areas[w] for w in wanted)
        if wanted and area > max_km2:
            out.append((sid, declared, round(area)))
    return out


def district_problems(
    sites: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    lines: dict[str, int],
    file: str = "sites.csv",
    tolerance_km: float = DISTRICT_TOLERANCE_KM,
) -> list[Problem]:
    """``district_misses`` as Problems naming the line of each site in ``file``, and `district`
    points in districts too large for their headquarters to stand in for a site."""
    problems = []
    if "location_precision" in sites.columns:
        for sid, declared, area in oversized_district_points(sites, districts):
            problems.append(
                Problem(
                    file,
                    lines.get(sid),
                    "location_precision",
                    f"'district' for site {sid!r} in {declared} ({area:,} km²)",
                    f"a named place's coordinate, or 'unknown' with no point: a district "
                    f"headquarters stands in for a site only in districts up to "
                    f"{DISTRICT_POINT_MAX_KM2:,.0f} km²",
                )
            )
    for miss in district_misses(sites, districts, tolerance_km):
        if miss.distance_km is None:
            problems.append(
                Problem(
                    file,
                    lines.get(miss.id),
                    "district",
                    f"{miss.declared!r} (site {miss.id!r})",
                    "a district of the bundled district layer or an alias of one "
                    "(geo/model/districts.py DISTRICT_ALIASES)",
                )
            )
        else:
            problems.append(
                Problem(
                    file,
                    lines.get(miss.id),
                    "district",
                    f"site {miss.id!r} declared in {miss.declared} but its point lies in "
                    f"{miss.computed or 'no district'}, {miss.distance_km:.1f} km outside "
                    f"{miss.declared}",
                    f"a point within {tolerance_km:g} km of its declared district",
                )
            )
    return problems
