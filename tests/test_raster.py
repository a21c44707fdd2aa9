"""Raster surfaces on tiny grids, GeoTIFF round trips, and users' rasters (10×10 files written
to tmp_path, in the manner of rasterio's own tests)."""

import io
import math

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import rasterio
from shapely.geometry import Point, box

from geo.analysis.geotiff import (
    RasterFileError,
    display_surface,
    read_user_raster,
    surface_to_geotiff,
)
from geo.analysis.raster import (
    NODATA,
    RasterInputError,
    best_cells,
    density_surface,
    distance_surface,
    haversine_km,
    nearest_facility,
    pakistan_grid,
    processing_facilities,
    siting_surface,
)
from geo.analysis.surfaces import SURFACES, WEIGHTING, compute_surface
from geo.views.query import SiteFilter
from tests.conftest import write_tif

CELL_KM = 10


def siting(chosen, units, **params):
    """The siting surface through its registry entry, which names its units (km)."""
    return compute_surface("siting", chosen, units, SiteFilter(), cell_km=CELL_KM, **params)


@pytest.fixture
def units():
    """A 2°×2° 'province' around (67, 29) with a notch cut out, so some grid cells are outside."""
    shape = box(66, 28, 68, 30).difference(box(67.5, 29.5, 68, 30))
    return gpd.GeoDataFrame({"name": ["Testland"], "area_km2": [1.0]}, geometry=[shape], crs=4326)


def sites(*rows):
    """rows of (id, site_type, lon, lat, minerals)."""
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "site_type": [r[1] for r in rows],
            "minerals": [r[4] for r in rows],
        },
        geometry=[Point(r[2], r[3]) for r in rows],
        crs=4326,
    )


def test_grid_covers_the_units_with_square_cells(units):
    grid = pakistan_grid(units, CELL_KM)
    assert grid.cell_km == CELL_KM
    assert grid.transform.a == -grid.transform.e == CELL_KM * 1000
    # about 2° × 2° ≈ 195 km × 222 km
    assert 19 <= grid.width <= 23 and 22 <= grid.height <= 25
    assert 0 < grid.inside.sum() < grid.width * grid.height


def test_distance_is_zero_at_the_facility_and_grows_as_haversine(units):
    facility = sites(("f", "smelter", 67.0, 29.0, ["copper"]))
    surface = distance_surface(facility, units, CELL_KM)
    grid = surface.grid
    lon, lat = grid.centres_lonlat()
    expected = haversine_km(lon, lat, 67.0, 29.0)
    values = surface.values
    inside = ~np.isnan(values)
    zero = np.argwhere(values == 0)
    assert len(zero) == 1
    row, col = zero[0]
    # the zero cell is the one containing the facility
    assert expected[row, col] < CELL_KM * math.sqrt(2) / 2 + 0.1
    others = inside & (values > 0)
    assert np.all(np.abs(values[others] - expected[others]) < CELL_KM)
    # farther cells have larger values
    assert values[inside].max() == pytest.approx(expected[inside].max(), abs=0.01)
    assert np.corrcoef(values[others], expected[others])[0, 1] > 0.999


def test_cells_outside_the_units_are_nodata(units):
    surface = distance_surface(sites(("f", "smelter", 67.0, 29.0, ["copper"])), units, CELL_KM)
    assert np.isnan(surface.values[~surface.grid.inside]).all()
    assert not np.isnan(surface.values[surface.grid.inside]).any()
    lon, lat = surface.grid.centres_lonlat()
    in_notch = (lon > 67.55) & (lat > 29.55)
    assert in_notch.any() and np.isnan(surface.values[in_notch]).all()


def test_siting_optimum_of_three_symmetric_deposits_is_their_centre(units):
    # An equilateral triangle of deposits 50 km from (67, 29): the point with the smallest mean
    # distance (the geometric median) is the centre.
    centre_lon, centre_lat, r = 67.0, 29.0, 50.0
    rows = []
    for k, bearing in enumerate((0, 120, 240)):
        b = math.radians(bearing)
        dlat = r * math.cos(b) / 111.2
        dlon = r * math.sin(b) / (111.2 * math.cos(math.radians(centre_lat)))
        rows.append((f"d{k}", "deposit", centre_lon + dlon, centre_lat + dlat, ["copper"]))
    surface = siting(sites(*rows), units)
    best = best_cells(surface, units, n=10)
    assert list(best["rank"]) == list(range(1, 11))
    top = best.iloc[0]
    assert haversine_km(top["lon"], top["lat"], centre_lon, centre_lat) <= CELL_KM
    assert top["unit"] == "Testland"
    assert top["km"] == pytest.approx(50, abs=CELL_KM)
    assert best["km"].is_monotonic_increasing


def test_siting_ignores_processing_sites_and_weights_mines(units):
    rows = [
        ("m", "mine", 66.5, 29.0, ["copper"]),
        ("d", "deposit", 67.5, 29.0, ["copper"]),
        ("p", "smelter", 66.1, 28.1, ["copper"]),
    ]
    equal = best_cells(siting(sites(*rows), units), units, 1).iloc[0]
    weighted = siting(sites(*rows), units, weighting="mines_double")
    top = best_cells(weighted, units, 1).iloc[0]
    # with the mine counting double, the optimum sits at the mine
    assert haversine_km(top["lon"], top["lat"], 66.5, 29.0) <= CELL_KM
    assert equal["km"] >= 45  # equal weights: anywhere between the two, mean ~ 48 km


def test_density_integrates_to_the_number_of_sites(units):
    surface = density_surface(
        sites(("a", "mine", 67.0, 29.0, ["coal"]), ("b", "deposit", 66.8, 28.9, ["coal"])),
        units,
        bandwidth_km=20,
        cell_km=5,
    )
    cell_area_1000km2 = surface.grid.cell_km**2 / 1000
    assert np.nansum(surface.values) * cell_area_1000km2 == pytest.approx(2, rel=0.05)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda u: distance_surface(sites(), u), "no mapped processing facility"),
        (
            lambda u: siting_surface(sites(("p", "smelter", 67, 29, ["cu"])), u),
            "no mapped deposits or mines",
        ),
        (
            lambda u: compute_surface(
                "density", sites(("a", "mine", 67, 29, ["cu"])), u, SiteFilter(), bandwidth_km=1
            ),
            r"`bandwidth_km` was 1 but is expected to be 10 to 200 in steps of 10",
        ),
        (
            lambda u: compute_surface("distance", sites(), u, SiteFilter(), cell_km=7),
            r"`cell_km` was 7 but is expected to be 5 to 50 in steps of 5",
        ),
        (lambda u: compute_surface("slope", sites(), u, SiteFilter()), r"`surface` was 'slope'"),
        (lambda u: pakistan_grid(u, cell_km=0), r"`cell_km` was 0"),
        (
            lambda u: siting_surface(sites(("a", "mine", 67, 29, ["cu"])), u, weighting="x"),
            r"`weighting` was 'x'",
        ),
    ],
)
def test_bad_inputs_are_named(units, call, message):
    with pytest.raises(RasterInputError, match=message):
        call(units)


def test_facilities_and_nearest_facility(units):
    all_sites = sites(
        ("s1", "smelter", 67.0, 29.0, ["copper"]),
        ("r1", "refinery", 66.2, 28.2, ["petroleum"]),
        ("p1", "processing_plant", 67.9, 28.1, ["coal"]),
        ("m1", "mine", 67.0, 29.2, ["copper"]),
    )
    assert list(processing_facilities(all_sites)["id"]) == ["s1", "p1"]  # petroleum left out
    assert list(processing_facilities(all_sites, ("copper",))["id"]) == ["s1"]
    near = nearest_facility(all_sites, processing_facilities(all_sites, ("copper",)))
    assert near.loc[3, "nearest_facility"] == "s1"
    assert near.loc[3, "nearest_facility_km"] == pytest.approx(22.2, abs=0.1)


def test_geotiff_round_trip_keeps_everything(units):
    facility = sites(("f", "smelter", 67.0, 29.0, ["copper"]))
    surface = compute_surface("distance", facility, units, SiteFilter(), cell_km=CELL_KM)
    data = surface_to_geotiff(surface)
    with rasterio.open(io.BytesIO(data)) as src:
        assert pyproj.CRS(src.crs.to_wkt()).equals(pyproj.CRS(surface.grid.crs))
        assert src.transform == surface.grid.transform
        assert src.nodata == NODATA
        assert src.descriptions[0] == surface.description
        assert src.tags(1)["units"] == "km"
        assert src.profile["tiled"] and src.profile["compress"] == "deflate"
        back = src.read(1)
    expected = np.where(np.isnan(surface.values), NODATA, surface.values)
    np.testing.assert_array_equal(back, expected)
    assert (back[~surface.grid.inside] == NODATA).all()


def test_surface_display_is_in_web_mercator(units):
    surface = distance_surface(sites(("f", "smelter", 67.0, 29.0, ["copper"])), units, CELL_KM)
    display = display_surface(surface)
    (south, west), (north, east) = display.latlon_bounds
    assert west == pytest.approx(66, abs=0.2) and east == pytest.approx(68, abs=0.2)
    assert south == pytest.approx(28, abs=0.2) and north == pytest.approx(30, abs=0.2)
    assert np.nanmin(display.values) == 0


# ---- users' rasters ------------------------------------------------------------------------------
def test_user_raster_is_read_and_reprojected(tmp_path):
    data = write_tif(tmp_path / "a.tif", west=66, north=30, size_deg=2)
    display = read_user_raster("a.tif", data)
    (south, west), (north, east) = display.latlon_bounds
    # the display grid may overshoot by up to one display cell
    assert (west, south, east, north) == pytest.approx((66, 28, 68, 30), abs=0.1)
    assert np.nanmin(display.values) == 0 and np.nanmax(display.values) == 99


def test_user_raster_in_utm_and_clipped(tmp_path, units):
    # 10 × 10 cells of 20 km in UTM 42N around Quetta
    data = write_tif(
        tmp_path / "utm.tif", west=250_000, north=3_400_000, size_deg=200_000, crs="EPSG:32642"
    )
    full = read_user_raster("utm.tif", data)
    clipped = read_user_raster("utm.tif", data, clip_to=units)
    assert np.isfinite(clipped.values).sum() < np.isfinite(full.values).sum()


def test_large_raster_is_read_decimated(tmp_path):
    data = write_tif(tmp_path / "big.tif", west=66, north=30, size_deg=2, shape=(400, 400))
    display = read_user_raster("big.tif", data, max_side=50)
    assert max(display.values.shape) <= 100


def test_png_named_tif_is_refused(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
    with pytest.raises(RasterFileError, match=r"'scan.tif' is not a GeoTIFF: it is a PNG image"):
        read_user_raster("scan.tif", png)


def test_raster_without_crs_is_refused(tmp_path):
    path = tmp_path / "nocrs.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=10, height=10, count=1, dtype="uint8"
    ) as dst:
        dst.write(np.ones((10, 10), dtype="uint8"), 1)
    with pytest.raises(RasterFileError, match="has no coordinate reference system"):
        read_user_raster("nocrs.tif", path.read_bytes())


def test_raster_over_south_america_is_refused(tmp_path):
    data = write_tif(tmp_path / "sa.tif", west=-70, north=-10, size_deg=5)
    with pytest.raises(
        RasterFileError,
        match=r"covers longitude -70.0 to -65.0, latitude -15.0 to -10.0, which does not overlap Pakistan",
    ):
        read_user_raster("sa.tif", data)


def test_registry_names_and_units_every_surface(units):
    two = sites(("a", "mine", 67.0, 29.0, ["coal"]), ("b", "deposit", 66.8, 28.9, ["coal"]))
    density = compute_surface("density", two, units, SiteFilter(), cell_km=5, bandwidth_km=20)
    assert (density.name, density.units) == ("density", "sites per 1,000 km²")
    assert SURFACES["siting"].outputs == ("best_cells",)
    # The weighting labels the app shows are for exactly the weightings raster.py computes.
    from geo.analysis.raster import WEIGHTINGS

    assert set(WEIGHTING.choices) == set(WEIGHTINGS)


def test_equal_area_crs_has_an_authority_and_fits_pakistan():
    from geo.model.crs import PAKISTAN_BOUNDS, RASTER_CRS

    crs = pyproj.CRS(RASTER_CRS)
    assert crs.to_authority() == ("EPSG", "6933") and crs.is_projected
    west, south, east, north = PAKISTAN_BOUNDS
    lons, lats = np.meshgrid(np.linspace(west, east, 30), np.linspace(south, north, 30))
    factors = pyproj.Proj(crs).get_factors(lons.ravel(), lats.ravel())
    np.testing.assert_allclose(factors.areal_scale, 1, atol=1e-9)  # equal-area
    assert np.abs(factors.meridian_convergence).max() < 1e-6  # grid north is true north
    assert factors.parallel_scale.min() > 0.94 and factors.parallel_scale.max() < 1.09
    assert factors.angular_distortion.max() < 10
    # The Asia South Albers code is no good here: 125°E centre, over 30° of shape distortion.
    south_albers = pyproj.Proj("ESRI:102028").get_factors(lons.ravel(), lats.ravel())
    assert south_albers.angular_distortion.max() > 30


def test_geotiff_names_its_crs_and_units_for_gis_software(units):
    facility = sites(("f", "smelter", 67.0, 29.0, ["copper"]))
    surface = compute_surface("distance", facility, units, SiteFilter(), cell_km=CELL_KM)
    with rasterio.open(io.BytesIO(surface_to_geotiff(surface))) as src:
        assert src.crs.to_authority() == ("EPSG", "6933")
        assert pyproj.CRS(src.crs.to_wkt()).name == "WGS 84 / NSIDC EASE-Grid 2.0 Global"
        assert src.units == ("km",)  # the band's unit type, as gdalinfo and QGIS show it


def test_haversine_agrees_with_the_ellipsoid_over_pakistan():
    """The sphere differs from WGS84's ellipsoid (pyproj.Geod) by well under 0.5 % at these
    latitudes, which is what the surfaces and nearest-facility distances accept."""
    from geo.model.crs import PAKISTAN_BOUNDS

    rng = np.random.default_rng(3)
    west, south, east, north = PAKISTAN_BOUNDS
    lon1, lon2 = rng.uniform(west, east, (2, 500))
    lat1, lat2 = rng.uniform(south, north, (2, 500))
    _, _, metres = pyproj.Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    sphere = haversine_km(lon1, lat1, lon2, lat2)
    np.testing.assert_allclose(sphere, metres / 1000, rtol=5e-3)
    assert haversine_km(67.0, 29.0, 67.0, 29.0) == 0
    # One degree of latitude at 30°N: 110.85 km on the ellipsoid, 111.19 km on the sphere.
    assert haversine_km(69.0, 29.5, 69.0, 30.5) == pytest.approx(111.19, abs=0.01)
    assert pyproj.Geod(ellps="WGS84").inv(69, 29.5, 69, 30.5)[2] / 1000 == pytest.approx(
        110.85, abs=0.01
    )
