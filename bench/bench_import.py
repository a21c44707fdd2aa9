"""Time and peak memory of importing a generated 200,000-row CSV (the row limit) of sites.

The rows are generated, not data: points spread over Pakistan's bounding box (some fall outside
the country and are rejected, as in real files), names "Generated site N", minerals, types and
statuses drawn from the words the importer knows. Nothing here is asserted.

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import load_atlas
from geo.importer import import_sites

MINERALS = ["copper", "gold", "Cu; Au", "chromite", "coal", "lignite", "iron ore", "lithium"]
TYPES = ["mine", "prospect", "deposit", "quarry", "plant"]
STATUSES = ["operating", "exploration", "closed", "proposed", ""]


def generated_csv(rows: int, seed: int = 8) -> bytes:
    rng = np.random.default_rng(seed)
    lat = rng.uniform(24.0, 36.5, rows).round(5)
    lon = rng.uniform(61.0, 77.0, rows).round(5)
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
    data = generated_csv(args.rows)
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
