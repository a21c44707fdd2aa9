"""GeoTIFF in and out: surfaces written for any GIS, users' rasters read safely for display.

A user's raster is never read at full resolution: it is opened from a temporary file and read
through its overviews or a decimated read, at most ``MAX_DISPLAY_SIDE`` cells on its longer
side, so memory stays bounded whatever its size (see bench/bench_raster.py for the measurement).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
import shapely
from rasterio import features, warp
from rasterio.enums import Resampling
from rasterio.errors import RasterioIOError
from rasterio.io import MemoryFile

from geo.analysis.raster import NODATA, Surface
from geo.errors import RasterFileError
from geo.ingest import limits
from geo.ingest.sniff import GDAL_CONFIG
from geo.model.crs import PAKISTAN_BOUNDS

WEB_MERCATOR = "EPSG:3857"
MAX_DISPLAY_SIDE = 1024  # cells on the longer side of what is drawn on the map
MAX_RASTER_BYTES = limits.RASTER_BYTES  # uploads of rasters above this are refused
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_OTHER_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive",
}


def surface_to_geotiff(surface: Surface) -> bytes:
    """The surface as a tiled, deflate-compressed float32 GeoTIFF with CRS, nodata, band
    description and units."""
    values = np.where(np.isnan(surface.values), NODATA, surface.values).astype("float32")
    profile = {
        "driver": "GTiff",
        "width": surface.grid.width,
        "height": surface.grid.height,
        "count": 1,
        "dtype": "float32",
        "crs": surface.grid.crs,
        "transform": surface.grid.transform,
        "nodata": NODATA,
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "compress": "deflate",
        "predictor": 3,
    }
    with MemoryFile() as memory:
        with memory.open(**profile) as dst:
            dst.write(values, 1)
            dst.set_band_description(1, surface.description)
            # The band's unit type is what QGIS and gdalinfo show; the tag keeps it for readers
            # that only look at metadata.
            dst.set_band_unit(1, surface.units)
            dst.update_tags(1, units=surface.units, surface=surface.name)
            dst.update_tags(
                source="Pakistan Critical Minerals Atlas", straight_line_distances="true"
            )
        return memory.read()


@dataclass(frozen=True)
class DisplayRaster:
    """Values on a Web Mercator grid, ready to colour and overlay on a Leaflet map."""

    values: np.ndarray  # float32 (rows, cols), NaN where there is no data
    bounds: tuple[float, float, float, float]  # west, south, east, north in EPSG:3857 metres
    label: str
    units: str

    @property
    def latlon_bounds(self) -> list[list[float]]:
        """The raster's extent as [[south, west], [north, east]] in degrees, as Leaflet takes it."""
        west, south, east, north = warp.transform_bounds(WEB_MERCATOR, "EPSG:4326", *self.bounds)
        return [[south, west], [north, east]]


def display_surface(surface: Surface, max_side: int = MAX_DISPLAY_SIDE) -> DisplayRaster:
    """A surface reprojected to Web Mercator for drawing."""
    values = np.where(np.isnan(surface.values), NODATA, surface.values).astype("float32")
    return _to_mercator(
        values,
        surface.grid.transform,
        surface.grid.crs,
        NODATA,
        max_side,
        surface.description,
        surface.units,
    )


def read_user_raster(
    name: str,
    data: bytes,
    *,
    clip_to: gpd.GeoDataFrame | None = None,
    band: int = 1,
    max_side: int = MAX_DISPLAY_SIDE,
) -> DisplayRaster:
    """An uploaded GeoTIFF in any CRS, read at reduced resolution, reprojected for display and
    optionally clipped to ``clip_to`` polygons (WGS84). RasterFileError says what is wrong."""
    if len(data) > MAX_RASTER_BYTES:
        raise RasterFileError(
            f"{name!r} is {limits.mib(len(data))}; rasters up to "
            f"{limits.mib(MAX_RASTER_BYTES)} are accepted"
        )
    head = data[:8]
    if not head.startswith(_TIFF_MAGIC):
        what = next((w for m, w in _OTHER_MAGIC.items() if head.startswith(m)), "not a TIFF file")
        raise RasterFileError(f"{name!r} is not a GeoTIFF: it is {what}")
    with tempfile.TemporaryDirectory(prefix="atlas-raster-") as tmp:
        path = Path(tmp) / "upload.tif"
        path.write_bytes(data)
        try:
            # A small block cache: GDAL's default is 5 % of RAM, far more than a display needs.
            # Only the GeoTIFF driver may open an upload (a VRT could read other files).
            with (
                rasterio.Env(GDAL_CACHEMAX=64, **GDAL_CONFIG),
                rasterio.open(path, driver="GTiff") as src,
            ):
                return _read_for_display(name, src, clip_to, band, max_side)
        except RasterioIOError as exc:
            raise RasterFileError(f"{name!r} could not be read as a raster ({exc})") from exc


def _read_for_display(name, src, clip_to, band, max_side) -> DisplayRaster:
    # The header's declared size, checked before any pixel is read: a small file can declare
    # 600,000 × 600,000 cells, and even a decimated read would decompress every block.
    if max(src.width, src.height) > limits.RASTER_SIDE or (
        src.width * src.height > limits.RASTER_CELLS
    ):
        raise RasterFileError(
            f"{name!r} declares {src.width:,} × {src.height:,} cells; at most "
            f"{limits.RASTER_SIDE:,} cells a side and {limits.RASTER_CELLS:,} cells in all are "
            "read. Resample it in your GIS (e.g. gdalwarp -tr) first"
        )
    if src.crs is None:
        raise RasterFileError(
            f"{name!r} has no coordinate reference system, so it cannot be placed on the map; "
            "assign one in your GIS (e.g. gdal_edit.py -a_srs EPSG:4326 file.tif)"
        )
    if not 1 <= band <= src.count:
        raise RasterFileError(f"`band` was {band} but {name!r} has bands 1 to {src.count}")
    west, south, east, north = warp.transform_bounds(src.crs, "EPSG:4326", *src.bounds)
    pw, ps, pe, pn = PAKISTAN_BOUNDS
    if east < pw or west > pe or north < ps or south > pn:
        raise RasterFileError(
            f"{name!r} covers longitude {west:.1f} to {east:.1f}, latitude {south:.1f} to "
            f"{north:.1f}, which does not overlap Pakistan"
        )
    # Reading with a smaller out_shape uses the file's overviews when it has them, and a
    # decimated read otherwise: only the pixels drawn are ever held in memory.
    scale = max(src.width, src.height) / max_side
    out_shape = (
        max(1, round(src.height / max(scale, 1))),
        max(1, round(src.width / max(scale, 1))),
    )
    masked = src.read(band, out_shape=out_shape, masked=True, resampling=Resampling.average)
    values = masked.astype("float32").filled(np.nan)
    transform = src.transform @ src.transform.scale(
        src.width / out_shape[1], src.height / out_shape[0]
    )
    label = src.descriptions[band - 1] or f"{name}, band {band}"
    units = (src.units[band - 1] if src.units else "") or ""
    display = _to_mercator(
        np.where(np.isnan(values), NODATA, values),
        transform,
        src.crs,
        NODATA,
        max_side,
        label,
        units,
    )
    if display.values.size and np.isnan(display.values).all():
        raise RasterFileError(f"{name!r} holds only nodata where it overlaps Pakistan")
    if clip_to is not None:
        display = _clipped(display, clip_to)
    return display


def _to_mercator(values, transform, crs, nodata, max_side, label, units) -> DisplayRaster:
    height, width = values.shape
    west, south, east, north = warp.transform_bounds(
        crs, WEB_MERCATOR, *rasterio.transform.array_bounds(height, width, transform)
    )
    side = max(east - west, north - south)
    cell = side / min(max_side, max(width, height) * 2)
    out_w = max(1, int(np.ceil((east - west) / cell)))
    out_h = max(1, int(np.ceil((north - south) / cell)))
    out_transform = rasterio.transform.from_origin(west, north, cell, cell)
    out = np.full((out_h, out_w), nodata, dtype="float32")
    warp.reproject(
        source=values.astype("float32"),
        destination=out,
        src_transform=transform,
        src_crs=crs,
        src_nodata=nodata,
        dst_transform=out_transform,
        dst_crs=WEB_MERCATOR,
        dst_nodata=nodata,
        resampling=Resampling.nearest,
    )
    out[out == nodata] = np.nan
    bounds = (west, north - out_h * cell, west + out_w * cell, north)
    return DisplayRaster(out, bounds, label, units)


def _clipped(display: DisplayRaster, clip_to: gpd.GeoDataFrame) -> DisplayRaster:
    rows, cols = display.values.shape
    west, south, east, north = display.bounds
    transform = rasterio.transform.from_bounds(west, south, east, north, cols, rows)
    shape = shapely.union_all(clip_to.to_crs(WEB_MERCATOR).geometry.values)
    inside = features.geometry_mask(
        [shape], out_shape=(rows, cols), transform=transform, invert=True
    )
    values = np.where(inside, display.values, np.nan).astype("float32")
    if np.isnan(values).all():
        raise RasterFileError("the raster has no data inside the chosen province")
    return DisplayRaster(values, display.bounds, display.label, display.units)


def hillshade(display: DisplayRaster, azimuth: float = 315.0, altitude: float = 45.0) -> np.ndarray:
    """Shaded relief (0–1) of an elevation raster in metres, lit from ``azimuth``/``altitude``
    (degrees).

    Slopes are central differences (numpy.gradient) over ground cell sizes: a Web Mercator cell
    is cos(latitude) times its nominal size on the ground, taken at the raster's middle latitude
    (within 4 % over Pakistan's 24-37°N at any one raster's extent of a few degrees).
    """
    rows, cols = display.values.shape
    west, south, east, north = display.bounds
    mid_lat = (display.latlon_bounds[0][0] + display.latlon_bounds[1][0]) / 2
    ground = np.cos(np.radians(mid_lat))
    cell_x, cell_y = ground * (east - west) / cols, ground * (north - south) / rows
    z = np.where(np.isnan(display.values), np.nanmean(display.values), display.values)
    dz_dy, dz_dx = np.gradient(z.astype(np.float32), cell_y, cell_x)
    slope = np.arctan(np.hypot(dz_dx, dz_dy))
    aspect = np.arctan2(-dz_dx, dz_dy)
    az, alt = np.radians(360.0 - azimuth + 90.0), np.radians(altitude)
    shade = np.sin(alt) * np.cos(slope) + np.cos(alt) * np.sin(slope) * np.cos(az - aspect)
    shade = np.clip(shade, 0, 1).astype(np.float32)
    shade[np.isnan(display.values)] = np.nan
    return shade
