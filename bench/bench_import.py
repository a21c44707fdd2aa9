"""Time and peak memory of importing a generated 200,000-row CSV (the row limit) of sites.

The rows are generated, not data: points drawn uniformly inside Pakistan's boundary (so every
row goes the whole way: parsed, placed, normalised, joined to its province, checked against the
bundled sites for duplicates), names "Generated site N", minerals, types and statuses drawn from
the words the importer knows. Nothing here is asserted.

    python bench/bench_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import load_atlas
from geo.ingest.importer import import_sites

MINERALS = ["copper", "gold", "Cu; Au", "chromite", "coal", "lignite", "iron ore", "lithium"]
TYPES = ["mine", "prospect", "deposit", "quarry", "plant"]
STATUSES = ["operating", "exploration", "closed", "proposed", ""]


def generated_csv(rows: int, units, seed: int = 8) -> bytes:
    rng = np.random.default_rng(seed)
    country = shapely.union_all(units.geometry.values)
    shapely.prepare(country)
    lat, lon = np.empty(0), np.empty(0)
    while len(lat) < rows:
        y, x = rng.uniform(23.5, 37.1, rows), rng.uniform(60.8, 77.9, rows)
        inside = shapely.contains_xy(country, x, y)
        lat, lon = np.concatenate([lat, y[inside]]), np.concatenate([lon, x[inside]])
    lat, lon = lat[:rows].round(5), lon[:rows].round(5)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "lat", "lon", "minerals", "type", "status", "operator", "notes"])
    for i in range(rows):
        writer.writerow(
            [
                f"Generated site {i}",
                lat[i],
                lon[i],
                MINERALS[i % len(MINERALS)],
                TYPES[i % len(TYPES)],
                STATUSES[i % len(STATUSES)],
                f"Operator {i % 97}",
                "generated for the benchmark" if i % 3 == 0 else "",
            ]
        )
    return out.getvalue().encode("utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    atlas = load_atlas()
    data = generated_csv(args.rows, atlas.units)
    before = peak_rss_mb()
    start = time.perf_counter()
    result = import_sites(
        "generated.csv", data, vocabulary=atlas.vocabulary, units=atlas.units, bundled=atlas.sites
    )
    seconds = time.perf_counter() - start
    after = peak_rss_mb()
    print(f"rows: {args.rows:,}  file: {len(data) / 2**20:.1f} MiB")
    print(f"accepted: {len(result.accepted):,}  rejected: {len(result.rejected):,}")
    print(f"import time: {seconds:.2f} s")
    print(f"peak RSS: {after:.0f} MiB (before import {before:.0f} MiB, +{after - before:.0f} MiB)")


if __name__ == "__main__":
    main()
