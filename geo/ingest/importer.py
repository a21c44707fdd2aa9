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

from geo.analysis.distance import haversine_km
from geo.errors import ColumnMappingError
from geo.ingest.coords import CoordinateError, parse_coordinate
from geo.ingest.readers import Progress, read_upload
from geo.model import fields
from geo.model.crs import WGS84
from geo.model.normalise import key as _key
from geo.model.provinces import normalise_unit
from geo.model.sites import IMPORTED_PRECISION
from geo.model.vocabulary import Vocabulary
from geo.views.join import assign_units

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
    progress: Progress | None = None,
) -> ImportResult:
    """Read ``data`` (a file called ``name``) and check every row.

    ``mapping`` overrides detected columns (field -> column); ``crs`` says which CRS a table's
    coordinate columns are in (default WGS84 degrees); ``fix_swapped`` swaps back latitude and
    longitude that are recognisably swapped instead of rejecting the row. ``progress`` is
    called with (rows read, rows expected) while the file is read (see geo.ingest.readers.Progress).

    Work is done a column at a time (coordinates parsed in bulk, point-in-country tests in one
    call, each distinct cell value normalised once), so 200,000 rows import in seconds
    (bench/bench_import.py).
    """
    raw = read_upload(name, data, sheet=sheet, progress=progress)
    columns = [c for c in raw.frame.columns if c != "geometry"]
    resolved = resolve_mapping(columns, mapping, needs_coordinates=raw.kind == "table")
    transform = _transformer(crs) if raw.kind == "table" else None
    country = shapely.union_all(units.geometry.values)
    shapely.prepare(country)
    rows = np.asarray(raw.rows, dtype=np.int64)
    texts = {c: _column_texts(raw.frame[c]) for c in columns}
    if raw.kind == "vector":
        lat, lon, reasons = _vector_points(raw.frame.geometry.values)
        if "lat" in resolved and "lon" in resolved:
            _more_digits(lat, texts[resolved["lat"]])
            _more_digits(lon, texts[resolved["lon"]])
    else:
        lat, lon, reasons = _table_points(texts[resolved["lat"]], texts[resolved["lon"]], transform)
    if raw.row_errors:
        # A row the reader could not split is rejected for that, whatever its coordinates.
        position = {row: i for i, row in enumerate(raw.rows)}
        for row, reason in raw.row_errors.items():
            reasons[position[row]] = reason
    swap_flags = _place(lat, lon, reasons, country, fix_swapped)
    keep = np.flatnonzero(pd.isna(reasons))
    row_flags = dict(swap_flags)
    if raw.row_flags:
        position = {row: i for i, row in enumerate(raw.rows)}
        for row, flag in raw.row_flags.items():
            i = position[row]
            row_flags[i] = f"{row_flags[i]}; {flag}" if i in row_flags else flag
    sites = _site_columns(keep, rows, texts, resolved, vocabulary, row_flags)
    sites["lat"], sites["lon"] = lat[keep], lon[keep]
    frame = _accepted_frame(sites, name, units)
    if bundled is not None and len(frame):
        _flag_duplicates(frame, bundled)
    dropped = np.flatnonzero(pd.notna(reasons))
    rejects = pd.DataFrame(
        {
            "row": rows[dropped],
            "reason": reasons[dropped],
            **{c: texts[c][dropped] for c in columns},
        },
        columns=["row", "reason", *columns],
    )
    return ImportResult(name, len(rows), frame, rejects, resolved, raw.notes)


def _column_texts(values: pd.Series) -> np.ndarray:
    """Every cell of a column as stripped text ('' for missing), each distinct value once."""
    cells = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells, skipna=False) == "string":
        return cells  # the readers give text cells stripped: nothing to convert
    if any(isinstance(v, (list, tuple, np.ndarray)) for v in cells):
        return np.array([_text(v) for v in cells], dtype=object)  # unhashable: one by one
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    texts = np.array([_text(u) for u in uniques] + [""], dtype=object)
    return texts[codes]


_PLAIN_DECIMAL = r"[+-]?\d+(?:\.\d+)?"


def _table_points(
    lat_texts: np.ndarray, lon_texts: np.ndarray, transform: Transformer | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lat, lon, reason per row or None) from the coordinate columns."""
    n = len(lat_texts)
    lat, lon = np.full(n, np.nan), np.full(n, np.nan)
    reasons = np.full(n, None, dtype=object)
    if transform is not None:
        for i in range(n):
            try:
                lon[i] = float(lon_texts[i].replace(",", "."))
                lat[i] = float(lat_texts[i].replace(",", "."))
            except ValueError as exc:
                reasons[i] = f"cannot read the projected coordinates ({exc})"
        ok = pd.isna(reasons)
        lon[ok], lat[ok] = transform.transform(lon[ok], lat[ok])
        return lat, lon, reasons
    for values, out, axis, limit in ((lat_texts, lat, "lat", 90), (lon_texts, lon, "lon", 180)):
        # Plain decimals (nearly every cell) are converted in bulk; everything else, and any
        # value out of range, goes through parse_coordinate for its reading or its reason.
        plain = pd.Series(values, dtype=object).str.fullmatch(_PLAIN_DECIMAL)
        plain = plain.fillna(False).to_numpy(dtype=bool)
        out[plain] = values[plain].astype(float)
        for i in np.flatnonzero(~plain | (np.abs(out) > limit)):
            if reasons[i] is not None:
                continue  # the latitude's reason comes first
            try:
                out[i] = parse_coordinate(values[i], axis)
            except CoordinateError as exc:
                reasons[i] = str(exc)
    return lat, lon, reasons


def _more_digits(values: np.ndarray, texts: np.ndarray) -> None:
    """Take a coordinate from its attribute column where it agrees with the geometry to within
    the 6 decimals GeoJSON geometries are rounded to: our own export's lat/lon properties keep
    every digit, so export -> import gives back the same coordinates."""
    given = pd.to_numeric(pd.Series(texts, dtype=object), errors="coerce").to_numpy(dtype=float)
    close = np.abs(given - values) <= 6e-7
    values[close] = given[close]


def _vector_points(geometry) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    geoms = np.asarray(geometry, dtype=object)
    reasons = np.full(len(geoms), None, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    point = shapely.get_type_id(geoms) == 0
    reasons[missing] = "the feature has no geometry"
    for i in np.flatnonzero(~missing & ~point):
        reasons[i] = (
            f"the feature is a {geoms[i].geom_type}, not a point (polygons belong in the "
            "boundary upload)"
        )
    lon = np.where(point & ~missing, shapely.get_x(geoms), np.nan)
    lat = np.where(point & ~missing, shapely.get_y(geoms), np.nan)
    return lat, lon, reasons


def _place(lat, lon, reasons, country, fix_swapped: bool) -> dict[int, str]:
    """Reject (in ``reasons``) points outside the country; swap back, when allowed, those that
    are inside once swapped. Returns the flag of each swapped row, by position."""
    todo = np.flatnonzero(pd.isna(reasons))
    inside = shapely.contains_xy(country, lon[todo], lat[todo])
    outside = todo[~inside]
    could_swap = outside[np.abs(lon[outside]) <= 90]
    swapped_inside = set(
        could_swap[shapely.contains_xy(country, lat[could_swap], lon[could_swap])].tolist()
    )
    flags = {}
    for i in outside.tolist():
        la, lo = float(lat[i]), float(lon[i])
        if i in swapped_inside and fix_swapped:
            lat[i], lon[i] = lo, la
            flags[i] = f"latitude and longitude were swapped in the file ({la}, {lo})"
        elif i in swapped_inside:
            reasons[i] = (
                f"latitude and longitude look swapped: ({la}, {lo}) is outside Pakistan but "
                f"({lo}, {la}) is inside; tick 'swap them back' (--fix-swapped) to accept it"
            )
        else:
            reasons[i] = f"the point ({la:.5f}, {lo:.5f}) is outside Pakistan"
    return flags


def _coded(values: np.ndarray, function) -> tuple[np.ndarray, list]:
    """(code of each value, ``function`` of each distinct value): computed once per value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes, [function(u) for u in uniques]


def _per_value(values: np.ndarray, function) -> list:
    """``function`` of each value, computed once per distinct value."""
    codes, results = _coded(values, function)
    return [results[c] for c in codes]


def _add_flags(flags: list[list[str]], codes: np.ndarray, by_value: list[str | None]) -> None:
    """Append each row's flag (by its value's code) to the rows whose value has one."""
    flagged = np.array([f is not None for f in by_value] + [False], dtype=bool)
    for j in np.flatnonzero(flagged[codes]).tolist():
        flags[j].append(by_value[codes[j]])


def _minerals_flag(found: list[str], odd: list[str]) -> str | None:
    if odd:
        return f"unrecognised mineral(s) kept as written: {', '.join(odd)}"
    return "no mineral given" if not found else None


def _site_columns(keep, rows, texts, mapping, vocabulary, row_flags) -> dict[str, list]:
    """The accepted rows' fields, column by column, with each row's flags."""
    n = len(keep)

    def cells(name: str) -> np.ndarray:
        column = mapping.get(name)
        return texts[column][keep] if column else np.full(n, "", dtype=object)

    flags: list[list[str]] = [[] for _ in range(n)]
    names = cells("name").copy()
    for j in np.flatnonzero(names == ""):
        names[j] = f"Unnamed site (row {rows[keep[j]]})"
        flags[j].append("no name in the file")
    codes, read = _coded(cells("minerals"), vocabulary.normalise_many)
    minerals = [list(read[c][0]) for c in codes]
    unknown = [list(read[c][1]) for c in codes]
    _add_flags(flags, codes, [_minerals_flag(found, odd) for found, odd in read])
    site_type = _mapped_column(cells("site_type"), SITE_TYPE_WORDS, "site type", flags)
    status = _mapped_column(cells("status"), STATUS_WORDS, "status", flags)
    declared = cells("province")
    codes, units = _coded(declared, _province)
    province = np.array([u or "" for u in units] + [""], dtype=object)[codes]
    _add_flags(
        flags,
        codes,
        [
            f"province {value!r} not recognised" if value and unit is None else None
            for value, unit in zip(pd.unique(declared), units, strict=True)
        ],
    )
    # keep is sorted: each flagged position's place among the accepted rows by bisection.
    for position, flag in sorted(row_flags.items()):
        j = int(np.searchsorted(keep, position))
        if j < n and keep[j] == position:
            flags[j].append(flag)
    out = {
        "row": rows[keep],
        "name": names,
        "site_type": site_type,
        "minerals": minerals,
        "primary_mineral": [m[0] if m else "other" for m in minerals],
        "unknown_minerals": unknown,
        "status": status,
        "province": province,
        "flags": flags,
    }
    # Every other field a file may supply is read by its kind (geo/model/fields.py).
    for f in fields.import_fields():
        if f.name not in out and f.name not in ("lat", "lon"):
            column = cells(f.name)
            if f.kind not in ("list", "url"):
                out[f.name] = column  # kept as written (fields.imported_value)
                continue
            values = _per_value(column, lambda text, f=f: fields.imported_value(f, text))
            out[f.name] = [list(v) if isinstance(v, list) else v for v in values]
    return out


def _province(declared: str) -> str | None:
    return normalise_unit(declared) if declared else ""


def _mapped_column(values: np.ndarray, words: dict[str, str], what: str, flags) -> np.ndarray:
    def one(value: str) -> tuple[str, str | None]:
        odd: list[str] = []
        return _mapped(value, words, what, odd), (odd[0] if odd else None)

    codes, read = _coded(values, one)
    _add_flags(flags, codes, [flag for _, flag in read])
    return np.array([mapped for mapped, _ in read] + [""], dtype=object)[codes]


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


def _accepted_frame(
    sites: dict[str, list], file_name: str, units: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    stem = re.sub(r"[^a-z0-9]+", "-", file_name.rsplit(".", 1)[0].casefold()).strip("-") or "file"
    rows = [str(r) for r in sites["row"]]
    n = len(rows)
    columns = [*fields.site_columns(), "primary_mineral", *EXTRA_COLUMNS]
    frame = pd.DataFrame(
        {
            **sites,
            "id": [f"{stem}-{r}" for r in rows],
            "location_precision": [IMPORTED_PRECISION] * n,
            "location_source": [f"{file_name}, row {r} (coordinates as given)" for r in rows],
            "source": [f"Imported from {file_name}, row {r}" for r in rows],
            "as_of": [""] * n,
            "duplicate_of": [""] * n,
            "dataset": [f"imported: {file_name}"] * n,
        },
        columns=columns,
    )
    lat = np.asarray(sites["lat"], dtype=float)
    lon = np.asarray(sites["lon"], dtype=float)
    out = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs=WGS84)
    out["lat"] = lat
    out["lon"] = lon
    return assign_units(out, units) if len(out) else out.assign(unit=None, province_matches=None)


def _flag_duplicates(frame: gpd.GeoDataFrame, bundled: gpd.GeoDataFrame) -> None:
    """Flag (never merge) an imported site with the same name as a bundled one within 5 km.

    Two names match when one's distinctive words include the other's, so a match shares a
    word: bundled sites are indexed by word and each imported name looks up only those."""
    located = bundled[bundled.geometry.notna()]
    known = [
        (site_id, _name_key(name), geom.x, geom.y)
        for site_id, name, geom in zip(
            located["id"], located["name"], located.geometry, strict=True
        )
    ]
    by_word: dict[str, list[int]] = {}
    for k, (_, words, _, _) in enumerate(known):
        for word in words:
            by_word.setdefault(word, []).append(k)
    codes, names = pd.factorize(frame["name"].to_numpy(dtype=object), use_na_sentinel=False)
    # One regular-expression search per name finds the few that contain a bundled word at all.
    words = sorted(by_word, key=len, reverse=True)
    mentions = re.compile(rf"(?<![a-z0-9])(?:{'|'.join(map(re.escape, words))})(?![a-z0-9])")
    candidates = []
    for name in names:
        if not words or not mentions.search(str(name).casefold()):
            candidates.append([])
            continue
        key = _name_key(name)
        near = sorted({k for w in key for k in by_word.get(w, ())})
        candidates.append([k for k in near if _same_name(key, known[k][1])])
    xs, ys = frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()
    for position in np.flatnonzero([bool(candidates[c]) for c in codes]):
        index = frame.index[position]
        for k in candidates[codes[position]]:
            site_id, _, x, y = known[k]
            distance = float(haversine_km(xs[position], ys[position], x, y))
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
    if isinstance(value, (list, tuple, np.ndarray)):
        # A JSON array in a GeoJSON property (our own export's minerals, owners) arrives as a
        # list or array: its items joined the way a table cell lists them.
        return "; ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, (np.floating, np.integer)):
        return _text(value.item())
    return str(value).strip()


def _axis_word(axis: str) -> str:
    return "latitude" if axis == "lat" else "longitude"
