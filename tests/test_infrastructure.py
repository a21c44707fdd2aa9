"""The infrastructure layer: loading and checking data/infrastructure.csv, its map layer, and the
"distance to port" weight of the refinery siting surface."""

import folium
import numpy as np
import pytest

from geo.analysis.raster import RasterInputError
from geo.analysis.surfaces import SURFACES, compute_surface
from geo.errors import DataValidationError
from geo.model.infrastructure import COLUMNS, check_infrastructure, load_infrastructure, ports
from geo.model.sites import load_sites
from geo.views.query import SiteFilter
from layers.infrastructure import infrastructure_layer
from tests.conftest import site_row, write_csv


def feature(**overrides: str) -> dict[str, str]:
    row = {
        "id": "test-port",
        "name": "Test port",
        "kind": "sea_port",
        "province": "Sindh",
        "district": "Keamari",
        "lat": "27.5",
        "lon": "67.5",
        "location_precision": "approximate",
        "location_source": "Test gazetteer; https://example.org/port",
        "source": "Test source",
        "source_url": "https://example.org/port",
        "as_of": "2024",
        "notes": "",
    }
    row.update(overrides)
    return row


def write(tmp_path, *rows):
    return write_csv(tmp_path / "infrastructure.csv", list(rows), COLUMNS)


def test_rows_load_with_points_and_unknown_ones_without(tmp_path):
    frame = load_infrastructure(
        write(
            tmp_path,
            feature(),
            feature(id="zone", kind="SEZ", location_precision="unknown", lat="", lon=""),
        )
    )
    assert list(frame["kind"]) == ["sea_port", "sez"]
    assert frame.geometry.iloc[0].x == 67.5 and frame.geometry.iloc[1] is None
    assert list(ports(frame)["id"]) == ["test-port"]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"kind": "airport"}, r"column kind: found 'airport'; expected one of sea_port, dry_port"),
        ({"as_of": ""}, r"column as_of: found an empty value"),
        ({"district": ""}, r"column district: found an empty value"),
        ({"source_url": "https://x.org/?a=1&amp;b=2"}, r"HTML entity '&amp;'"),
        ({"lat": "95"}, r"column lat: found 95"),
    ],
)
def test_bad_rows_are_named(tmp_path, cells, message):
    with pytest.raises(DataValidationError, match=message):
        load_infrastructure(write(tmp_path, feature(**cells)))


def test_missing_file_is_an_empty_layer(tmp_path):
    frame, problems = check_infrastructure(tmp_path / "infrastructure.csv")
    assert frame.empty and problems == []


def test_layer_escapes_text_and_counts_mapped_features(tmp_path):
    frame = load_infrastructure(
        write(
            tmp_path,
            feature(name="<script>alert(1)</script> port"),
            feature(id="unmapped", location_precision="unknown", lat="", lon=""),
        )
    )
    group = infrastructure_layer(frame)
    assert group.layer_name == "Ports, rail heads and economic zones (1)"
    html = _render(group)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    # No folium Popup: its template needs jQuery, which the offline map page does not load.
    assert "= $(`" not in html


def _render(group) -> str:
    fmap = folium.Map()
    group.add_to(fmap)
    return fmap.get_root().render()


def test_port_weight_blends_siting_with_distance_to_port(two_units, tmp_path):
    sites = load_sites(
        write_csv(tmp_path / "sites.csv", [site_row(id="m", lon="66.5", site_type="mine")])
    )
    infra = load_infrastructure(write(tmp_path, feature(lon="67.5")))
    flt = SiteFilter()
    plain = compute_surface("siting", sites, two_units, flt, infra, cell_km=20)
    unweighted = compute_surface("siting", sites, two_units, flt, infra, cell_km=20, port_weight=0)
    to_port = compute_surface("siting", sites, two_units, flt, infra, cell_km=20, port_weight=100)
    half = compute_surface("siting", sites, two_units, flt, infra, cell_km=20, port_weight=50)
    assert np.allclose(plain.values, unweighted.values, equal_nan=True)
    assert np.allclose(half.values, (plain.values + to_port.values) / 2, equal_nan=True, atol=1e-3)
    # Cells near the port (east square) are better with the port weight than without.
    inside = ~np.isnan(plain.values)
    east = np.zeros_like(inside)
    east[:, plain.values.shape[1] // 2 :] = True
    assert np.nanmean(to_port.values[inside & east]) < np.nanmean(plain.values[inside & east])
    assert "port weight 0.5" in half.description
    with pytest.raises(RasterInputError, match=r"`port_weight` was 55 but is expected to be 0"):
        compute_surface("siting", sites, two_units, flt, infra, port_weight=55)
    with pytest.raises(RasterInputError, match="no mapped port"):
        compute_surface("siting", sites, two_units, flt, None, port_weight=50)
    assert "port_weight" in [p.name for p in SURFACES["siting"].params]
