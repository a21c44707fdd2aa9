"""One enrichment, one exporter: the app's downloads and `python -m geo export` give the same
file for the same filter (byte for byte in GeoJSON and CSV; the same features and attributes in
GeoPackage, whose SQLite bytes carry a write time)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from geo.cli import main
from tests.test_app import downloaded, run

QUERY = {"mineral": "copper", "province": "Balochistan", "tab": "downloads"}
CLI_FILTER = ["--mineral", "copper", "--province", "Balochistan"]


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg"])
@pytest.mark.parametrize("layer", ["sites", "projects", "boundaries"])
def test_app_download_equals_cli_file(tmp_path, downloads, fmt, layer):
    at = run(**QUERY)
    at.radio(key="download_format").set_value(fmt).run()
    assert not at.exception
    app_bytes = downloaded(at, downloads, f"download_{layer}")
    out = tmp_path / f"{layer}.{fmt}"
    assert main(["export", "--layer", layer, *CLI_FILTER, "-o", str(out)]) == 0
    if fmt != "gpkg":
        assert app_bytes == out.read_bytes()
    else:
        (tmp_path / "app.gpkg").write_bytes(app_bytes)
        app_frame = gpd.read_file(tmp_path / "app.gpkg")
        cli_frame = gpd.read_file(out)
        pd.testing.assert_frame_equal(app_frame, cli_frame)
    if layer == "sites":
        frame = gpd.read_file(out).set_index("id")
        assert set(frame["dataset"]) == {"bundled"}
        assert frame.loc["saindak", "nearest_facility"] == "saindak-smelter"
        assert float(frame.loc["saindak", "nearest_facility_km"]) == 0.0
        assert float(frame.loc["reko-diq", "nearest_facility_km"]) > 0
        # Mapped sites carry the unit their point falls in; an unmapped one has none.
        mapped = frame["location_precision"] != "unknown"
        assert set(frame.loc[mapped, "unit"]) == {"Balochistan"}
        assert frame.loc[~mapped, "unit"].fillna("").eq("").all()
