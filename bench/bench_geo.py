"""Time the geo core on the bundled data: load + join, filter, summary, export.

Prints medians over repeated runs; nothing here is asserted.
    python bench/bench_geo.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import SiteFilter, export_bytes, filter_sites, load_atlas, province_summary


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    atlas = load_atlas()
    flt = SiteFilter(minerals=("copper",), provinces=("Balochistan",)).normalised(
        atlas.vocabulary, atlas.units["name"]
    )
    copper = filter_sites(atlas.sites, flt)
    cases = {
        "load + validate + join (all files)": load_atlas,
        "filter (copper, Balochistan)": lambda: filter_sites(atlas.sites, flt),
        "province summary (all sites)": lambda: province_summary(atlas.sites, atlas.units),
        "export GeoJSON (all sites)": lambda: export_bytes(atlas.sites, "geojson", "sites"),
        "export GeoPackage (copper)": lambda: export_bytes(copper, "gpkg", "sites"),
    }
    print(f"{len(atlas.sites)} sites, {len(atlas.projects)} projects, {args.repeat} runs each")
    for name, fn in cases.items():
        print(f"{name:40s} {median_ms(fn, args.repeat):8.1f} ms (median)")


if __name__ == "__main__":
    main()
