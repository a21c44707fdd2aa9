"""Peak memory and time to display a large user GeoTIFF (5,000 x 5,000 cells by default).

    python bench/bench_raster.py [--size 5000]

Writes a tiled, deflate-compressed int16 elevation-like GeoTIFF (no overviews: the worst case)
to a temporary folder, then in a fresh Python process does what the app does with an upload:
hold the file's bytes, read it decimated (geo.analysis.geotiff.read_user_raster), hillshade it,
colour it
and build the map layer. Prints that process's peak resident memory (ru_maxrss) and, for
reference, the peak of the same process after imports only. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import resource, sys, time
sys.path.insert(0, {root!r})
from geo.analysis.geotiff import read_user_raster, hillshade
from layers.colormaps import colourise, value_range
from layers.basemap import base_map
from layers.raster import raster_layer
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if {imports_only}:
    print(base, 0.0)
    raise SystemExit
start = time.perf_counter()
data = open({path!r}, "rb").read()
display = read_user_raster("big.tif", data)
lo, hi = value_range(display.values)
layer = raster_layer(display, name="big", colormap="terrain", vmin=lo, vmax=hi,
                     shade=hillshade(display))
fmap = base_map("none")
layer.add_to(fmap)
page = fmap.get_root().render()
elapsed = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, elapsed, *display.values.shape)
"""


def write_big(path: Path, size: int) -> None:
    profile = dict(
        driver="GTiff",
        width=size,
        height=size,
        count=1,
        dtype="int16",
        crs="EPSG:32642",
        transform=from_origin(200_000, 3_800_000, 100, 100),
        tiled=True,
        blockxsize=512,
        blockysize=512,
        compress="deflate",
        nodata=-32768,
    )
    rows = np.arange(512, dtype=np.float32)[:, None]
    rng = np.random.default_rng(1)
    with rasterio.open(path, "w", **profile) as dst:
        for window_row in range(0, size, 512):
            for window_col in range(0, size, 512):
                h, w = min(512, size - window_row), min(512, size - window_col)
                cols = np.arange(w, dtype=np.float32)[None, :] + window_col
                z = 1500 + 800 * np.sin((rows[:h] + window_row) / 700) * np.cos(cols / 900)
                # Noise like a real DEM's, so the file does not compress to almost nothing.
                z = z + rng.normal(0, 25, size=z.shape)
                dst.write(
                    z.astype("int16"),
                    1,
                    window=((window_row, window_row + h), (window_col, window_col + w)),
                )


def run(path: Path, imports_only: bool) -> list[str]:
    code = WORKER.format(root=str(ROOT), path=str(path), imports_only=imports_only)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"the measuring process failed:\n{out.stderr}")
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.tif"
        start = time.perf_counter()
        write_big(path, args.size)
        on_disk, cells = path.stat().st_size / 2**20, args.size**2 * 2 / 2**20
        print(
            f"wrote {args.size} x {args.size} int16 GeoTIFF: {on_disk:.1f} MB on disk, "
            f"{cells:.0f} MB of cells, in {time.perf_counter() - start:.1f} s"
        )
        base = int(run(path, True)[0]) / 1024
        peak, elapsed, rows, cols = run(path, False)
        print(f"peak memory after imports only:  {base:7.0f} MB")
        print(
            f"peak memory displaying the file: {int(peak) / 1024:7.0f} MB "
            f"(drawn as {rows} x {cols} cells, {float(elapsed):.2f} s)"
        )


if __name__ == "__main__":
    main()
