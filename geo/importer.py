"""Importing a user's own sites: detect columns, check and normalise every row, report the rest.

The promise: every row read is either accepted (possibly with flags saying what was assumed or
found odd) or rejected with its row number and the reason. ``read == accepted + rejected``,
always; nothing is dropped silently or merged silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry import Point

from geo import fields
from geo.coords import CoordinateError, parse_coordinate
from geo.crs import WGS84
from geo.distance import haversine_km
from geo.errors import ColumnMappingError
from geo.join import assign_units
from geo.normalise import key as _key
from geo.provinces import normalise_unit
from geo.readers import RawRows, read_upload
from geo.sites import IMPORTED_PRECISION
from geo.vocabulary import Vocabulary

DUPLICATE_KM = 5.0

SITE_TYPE_WORDS = {
    "deposit": "deposit",
    "prospect": "deposit",
    "occurrence": "deposit",
    "showing": "deposit",
    "resource": "deposit",
    "mine": "mine",
    "quarry": "mine",
    "pit": "mine",
    "colliery": "mine",
    "refinery": "refinery",
    "smelter": "smelter",
    "plant": "processing_plant",
    "processing plant": "processing_plant",
    "processing": "processing_plant",
    "concentrator": "processing_plant",
    "mill": "processing_plant",
    "steel mill": "processing_plant",
    "processing_plant": "processing_plant",
}
STATUS_WORDS = {
    "operating": "operating",
    "active": "operating",
    "producing": "operating",
    "production": "operating",
    "producer": "operating",
    "development": "development",
    "under construction": "development",
    "construction": "development",
    "exploration": "exploration",
    "prospecting": "exploration",
    "proposed": "proposed",
    "planned": "proposed",
    "suspended": "suspended",
    "care and maintenance": "suspended",
    "idle": "suspended",
    "closed": "closed",
    "abandoned": "closed",
    "inactive": "closed",
    "past producer": "historic",
    "historic": "historic",
    "historical": "historic",
    "occurrence": "occurrence",
    "showing": "occurrence",
}
EXTRA_COLUMNS = ("row", "flags", "unknown_minerals", "duplicate_of", "dataset")


@dataclass
class ImportResult:
    file: str
    read: int
    accepted: gpd.GeoDataFrame  # site columns + row, flags, unknown_minerals, duplicate_of
    rejected: pd.DataFrame  # row, reason, then the row's original values
    mapping: dict[str, str]
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.read != len(self.accepted) + len(self.rejected):
            raise AssertionError(
                f"{self.file}: read {self.read} rows but accepted {len(self.accepted)} and "
                f"rejected {len(self.rejected)}"
            )


def detect_columns(columns: list[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(field -> column) for every field with exactly one candidate column, and
    (field -> candidates) for fields with several, which the user must choose between."""
    keys = {c: _key(c) for c in columns}
    found, ambiguous = {}, {}
    for f in fields.import_fields():
        words = {_key(w) for w in (f.name, *f.synonyms)}
        hits = [c for c in columns if keys[c] in words]
        if len(hits) == 1:
            found[f.name] = hits[0]
        elif len(hits) > 1:
            ambiguous[f.name] = hits
    return found, ambiguous


def resolve_mapping(
    columns: list[str], requested: dict[str, str] | None, *, needs_coordinates: bool
) -> dict[str, str]:
    """The column mapping to use: the user's choices over automatic detection, checked."""
    requested = dict(requested or {})
    names = [f.name for f in fields.import_fields()]
    unknown_fields = sorted(set(requested) - set(names))
    if unknown_fields:
        raise ColumnMappingError(f"unknown field(s) {unknown_fields}; expected some of {names}")
    missing = {f: c for f, c in requested.items() if c and c not in columns}
    if missing:
        raise ColumnMappingError(
            f"column(s) {sorted(missing.values())} are not in the file; it has {columns}"
        )
    found, ambiguous = detect_columns(columns)
    mapping = {**found, **{f: c for f, c in requested.items() if c}}
    if needs_coordinates:
        for axis in ("lat", "lon"):
            if axis in mapping:
                continue
            if axis in ambiguous:
                raise ColumnMappingError(
                    f"several columns could hold the {_axis_word(axis)}: {ambiguous[axis]}; "
                    f"choose one (--map {axis}=COLUMN)"
                )
            raise ColumnMappingError(
                f"no {_axis_word(axis)} column found among {columns}; name it "
                f"(--map {axis}=COLUMN) or rename it to {axis}"
            )
    return mapping


def import_sites(
    name: str,
    data: bytes,
    *,
    vocabulary: Vocabulary,
    units: gpd.GeoDataFrame,
    bundled: gpd.GeoDataFrame | None = None,
    mapping: dict[str, str] | None = None,
    crs: str | None = None,
    fix_swapped: bool = False,
    sheet: str | int = 0,
) -> ImportResult:
    """Read ``data`` (a file called ``name``) and check every row.

    ``mapping`` overrides detected columns (field -> column); ``crs`` says which CRS a table's
    coordinate columns are in (default WGS84 degrees); ``fix_swapped`` swaps back latitude and
    longitude that are recognisably swapped instead of rejecting the row.
    """
    raw = read_upload(name, data, sheet=sheet)
    columns = [c for c in raw.frame.columns if c != "geometry"]
    resolved = resolve_mapping(columns, mapping, needs_coordinates=raw.kind == "table")
    transform = _transformer(crs) if raw.kind == "table" else None
    country = shapely.union_all(units.geometry.values)
    shapely.prepare(country)
    accepted: list[dict] = []
    rejected: list[dict] = []
    for position, row_number in enumerate(raw.rows):
        record = raw.frame.iloc[position]
        original = {c: _text(record[c]) for c in columns}
        reason = raw.row_errors.get(row_number)
        site = None
        if reason is None:
            try:
                site = _site(record, row_number, raw, resolved, transform, vocabulary)
                _place(site, country, fix_swapped)
            except _Rejected as exc:
                reason = str(exc)
        if reason is not None:
            rejected.append({"row": row_number, "reason": reason, **original})
        else:
            accepted.append(site)
    frame = _accepted_frame(accepted, name, units)
    if bundled is not None and len(frame):
        _flag_duplicates(frame, bundled)
    rejects = pd.DataFrame(rejected, columns=["row", "reason", *columns])
    return ImportResult(name, len(raw.rows), frame, rejects, resolved, raw.notes)


class _Rejected(ValueError):
    pass


def _site(record, row_number: int, raw: RawRows, mapping, transform, vocabulary) -> dict:
    flags: list[str] = []
    if raw.kind == "vector":
        geom = record.geometry
        if geom is None or geom.is_empty:
            raise _Rejected("the feature has no geometry")
        if geom.geom_type != "Point":
            raise _Rejected(
                f"the feature is a {geom.geom_type}, not a point (polygons belong in the "
                "boundary upload)"
            )
        lat, lon = geom.y, geom.x
    else:
        lat, lon = _coordinates(record, mapping, transform)

    def cell(name: str) -> str:
        column = mapping.get(name)
        return _text(record[column]) if column else ""

    name = cell("name")
    if not name:
        name = f"Unnamed site (row {row_number})"
        flags.append("no name in the file")
    minerals, unknown = vocabulary.normalise_many(cell("minerals"))
    if unknown:
        flags.append(f"unrecognised mineral(s) kept as written: {', '.join(unknown)}")
    if not minerals and not unknown:
        flags.append("no mineral given")
    site_type = _mapped(cell("site_type"), SITE_TYPE_WORDS, "site type", flags)
    status = _mapped(cell("status"), STATUS_WORDS, "status", flags)
    declared = cell("province")
    province = normalise_unit(declared) if declared else ""
    if declared and province is None:
        flags.append(f"province {declared!r} not recognised")
        province = ""
    site = {
        "row": row_number,
        "name": name,
        "site_type": site_type,
        "minerals": minerals,
        "primary_mineral": minerals[0] if minerals else "other",
        "unknown_minerals": unknown,
        "status": status,
        "province": province,
        "lat": lat,
        "lon": lon,
        "flags": flags,
    }
    # Every other field a file may supply is read by its kind (geo/fields.py).
    for f in fields.import_fields():
        if f.name not in site:
            site[f.name] = fields.imported_value(f, cell(f.name))
    return site


def _coordinates(record, mapping, transform) -> tuple[float, float]:
    if transform is not None:
        try:
            x = float(str(record[mapping["lon"]]).replace(",", "."))
            y = float(str(record[mapping["lat"]]).replace(",", "."))
        except ValueError as exc:
            raise _Rejected(f"cannot read the projected coordinates ({exc})") from exc
        lon, lat = transform.transform(x, y)
        return lat, lon
    try:
        lat = parse_coordinate(record[mapping["lat"]], "lat")
        lon = parse_coordinate(record[mapping["lon"]], "lon")
    except CoordinateError as exc:
        raise _Rejected(str(exc)) from exc
    return lat, lon


def _place(site: dict, country, fix_swapped: bool) -> None:
    lat, lon = site["lat"], site["lon"]
    if shapely.contains_xy(country, lon, lat):
        return
    swapped_inside = abs(lon) <= 90 and shapely.contains_xy(country, lat, lon)
    if swapped_inside and fix_swapped:
        site["lat"], site["lon"] = lon, lat
        site["flags"].append(f"latitude and longitude were swapped in the file ({lat}, {lon})")
        return
    if swapped_inside:
        raise _Rejected(
            f"latitude and longitude look swapped: ({lat}, {lon}) is outside Pakistan but "
            f"({lon}, {lat}) is inside; tick 'swap them back' (--fix-swapped) to accept it"
        )
    raise _Rejected(f"the point ({lat:.5f}, {lon:.5f}) is outside Pakistan")


def _mapped(value: str, words: dict[str, str], what: str, flags: list[str]) -> str:
    if not value:
        return ""
    key = _key(value)
    if key in words:
        return words[key]
    for word, mapped in words.items():
        if re.search(rf"\b{re.escape(word)}\b", key):
            return mapped
    flags.append(f"{what} {value!r} not recognised; left unspecified")
    return ""


def _transformer(crs: str | None) -> Transformer | None:
    if not crs:
        return None
    try:
        source = CRS.from_user_input(crs)
    except CRSError as exc:
        raise ColumnMappingError(f"`crs` was {crs!r}, which pyproj does not know ({exc})") from exc
    if source.equals(CRS(WGS84)):
        return None
    return Transformer.from_crs(source, WGS84, always_xy=True)


def _accepted_frame(sites: list[dict], file_name: str, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    stem = re.sub(r"[^a-z0-9]+", "-", file_name.rsplit(".", 1)[0].casefold()).strip("-") or "file"
    rows = []
    for site in sites:
        rows.append(
            {
                **site,
                "id": f"{stem}-{site['row']}",
                "location_precision": IMPORTED_PRECISION,
                "location_source": f"{file_name}, row {site['row']} (coordinates as given)",
                "source": f"Imported from {file_name}, row {site['row']}",
                "as_of": "",
                "duplicate_of": "",
                "dataset": f"imported: {file_name}",
            }
        )
    columns = [*fields.site_columns(), "primary_mineral", *EXTRA_COLUMNS]
    frame = pd.DataFrame(rows, columns=columns)
    geometry = gpd.GeoSeries([Point(s["lon"], s["lat"]) for s in sites], crs=WGS84)
    out = gpd.GeoDataFrame(frame, geometry=geometry.values, crs=WGS84)
    out["lat"] = out["lat"].astype(float)
    out["lon"] = out["lon"].astype(float)
    return assign_units(out, units) if len(out) else out.assign(unit=None, province_matches=None)


def _flag_duplicates(frame: gpd.GeoDataFrame, bundled: gpd.GeoDataFrame) -> None:
    """Flag (never merge) an imported site with the same name as a bundled one within 5 km."""
    located = bundled[bundled.geometry.notna()]
    known = [
        (site_id, _name_key(name), geom)
        for site_id, name, geom in zip(
            located["id"], located["name"], located.geometry, strict=True
        )
    ]
    for index, name, geom in zip(frame.index, frame["name"], frame.geometry, strict=True):
        key = _name_key(name)
        for site_id, other_key, other in known:
            if not _same_name(key, other_key):
                continue
            distance = float(haversine_km(geom.x, geom.y, other.x, other.y))
            if distance <= DUPLICATE_KM:
                frame.at[index, "duplicate_of"] = site_id
                frame.at[index, "flags"] = [
                    *frame.at[index, "flags"],
                    f"probably the same as bundled site {site_id!r} ({distance:.1f} km away); "
                    "kept separate",
                ]
                break


# Words that describe rather than name a site: "Reko Diq" and "Reko Diq copper-gold project"
# are the same name.
_GENERIC = {
    "the",
    "of",
    "and",
    "mine",
    "mines",
    "deposit",
    "deposits",
    "project",
    "prospect",
    "site",
    "field",
    "coalfield",
    "plant",
    "area",
    "occurrence",
    "copper",
    "gold",
    "coal",
    "iron",
    "ore",
    "salt",
    "lead",
    "zinc",
    "chromite",
    "block",
    "mining",
    "company",
}


def _name_key(name: str) -> frozenset[str]:
    words = re.sub(r"[^a-z0-9]+", " ", str(name).casefold()).split()
    return frozenset(w for w in words if w not in _GENERIC)


def _same_name(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and (a <= b or b <= a)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, (np.floating, np.integer)):
        return _text(value.item())
    return str(value).strip()


def _axis_word(axis: str) -> str:
    return "latitude" if axis == "lat" else "longitude"
