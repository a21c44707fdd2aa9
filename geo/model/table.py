"""Reading a CSV table as raw strings with the line number of every record.

The loaders check cells themselves (instead of letting pandas coerce them) so that every error
can name the line and column where it sits.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.errors import DataValidationError, Problem
from geo.model.crs import WGS84


@dataclass(frozen=True)
class Record:
    line: int
    cells: dict[str, str]


def read_records(
    path: Path, required: tuple[str, ...], problems: list[Problem]
) -> Iterator[Record]:
    """Yield each data record; malformed records are added to ``problems`` and skipped.

    A missing required column is fatal for the whole file and raises at once, since no row could
    be checked without it.
    """
    name = path.name
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise DataValidationError(
            name, [Problem(name, None, None, "no such file", str(path))]
        ) from exc
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise DataValidationError(
                name, [Problem(name, 1, None, "an empty file", f"a header with {list(required)}")]
            ) from None
        except UnicodeDecodeError as exc:
            raise DataValidationError(
                name,
                [Problem(name, 1, None, f"bytes that are not UTF-8 ({exc.reason})", "UTF-8 text")],
            ) from exc
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise DataValidationError(
                name, [Problem(name, 1, None, f"header {header}", f"also the columns {missing}")]
            )
        start = reader.line_num + 1
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                problems.append(Problem(name, start, None, f"unreadable text ({exc})", "valid CSV"))
                return
            line, start = start, reader.line_num + 1
            if not any(f.strip() for f in fields):
                continue  # blank line
            if len(fields) != len(header):
                problems.append(
                    Problem(
                        name,
                        line,
                        None,
                        f"{len(fields)} fields",
                        f"{len(header)} fields as in the header (quote values that contain commas)",
                    )
                )
                continue
            yield Record(line, {h: f.strip() for h, f in zip(header, fields, strict=True)})


def points_frame(df: pd.DataFrame) -> gpd.GeoDataFrame:
    """``df`` as a WGS84 GeoDataFrame with a point for each row whose ``lat`` and ``lon`` are both
    given (None otherwise: such rows are listed, never drawn), and those columns as floats."""
    geometry = [
        Point(lon, lat) if pd.notna(lat) and pd.notna(lon) else None
        for lat, lon in zip(df["lat"], df["lon"], strict=True)
    ]
    df = df.assign(
        lat=pd.to_numeric(df["lat"]).astype(float), lon=pd.to_numeric(df["lon"]).astype(float)
    )
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geometry, crs=WGS84), crs=WGS84)
