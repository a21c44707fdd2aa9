"""Time saving, loading and querying 100,000 saved sites in the embedded store and in PostGIS.

The sites are generated (bench/bench_import.py's rows: points drawn inside Pakistan's boundary,
"Generated site N"), imported once through the real importer, then saved as one dataset and read
back in a new store object (a new session). PostGIS is a throw-away server started like the
tests' one (tests/postgres.py) unless --database-url names one. Nothing here is asserted.

    python bench/bench_store.py [--rows N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_import import generated_csv
from geo import load_atlas
from geo.ingest.importer import import_sites
from geo.store import open_store

# A box around the Chagai belt (west, south, east, north): about 4% of the generated points.
BOX = (61.5, 28.5, 64.5, 30.0)


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    print(f"  {label:<42} {time.perf_counter() - start:8.2f} s")
    return value


def run(target: str, result, data: bytes, label: str) -> None:
    print(f"{label}:")
    store = open_store(target)
    store.init()
    timed(
        f"save {len(result.accepted):,} sites (one transaction)",
        store.save_dataset,
        result,
        data,
        name="Benchmark",
        saved_by="bench",
    )
    store.close()
    fresh = open_store(target)  # a new session
    listed = timed("list saved datasets", fresh.list_datasets)
    saved = timed("load the whole dataset (new session)", fresh.load_dataset, "Benchmark")
    inside = timed("bounding-box query", fresh.load_dataset, "Benchmark", bbox=BOX)
    print(
        f"  -> {len(listed)} dataset, {len(saved.accepted):,} rows loaded, "
        f"{len(inside.accepted):,} in the box"
    )
    fresh.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="an initialised-or-empty PostGIS database")
    args = parser.parse_args()
    atlas = load_atlas()
    data = generated_csv(args.rows, atlas.units)
    result = timed(
        f"import {args.rows:,} generated rows (once)",
        import_sites,
        "generated.csv",
        data,
        vocabulary=atlas.vocabulary,
        units=atlas.units,
    )
    with tempfile.TemporaryDirectory() as folder:
        run(str(Path(folder) / "store.gpkg"), result, data, "embedded (GeoPackage file)")
    if args.database_url:
        run(args.database_url, result, data, "PostGIS")
        return
    from tests.postgres import PostgresServer

    server = PostgresServer()
    try:
        server.start()
        run(server.url(server.new_database()), result, data, "PostGIS (local server)")
    finally:
        server.destroy()


if __name__ == "__main__":
    main()
