"""A new surface is one function plus one registry entry: a toy surface registered here shows up
in the CLI, travels in the URL and is offered (and drawn) by the page, with no other edit."""

from __future__ import annotations

import io

import numpy as np
import pytest
import rasterio

from geo.analysis.raster import Surface, distance_surface
from geo.analysis.surfaces import CELL_KM, SURFACES, Param, SurfaceInputs, SurfaceSpec
from geo.cli import main
from geo.views.viewstate import ViewState, from_params, to_params
from tests.test_app import downloaded, run

RADIUS = Param("radius_km", "Toy radius (km)", 40, minimum=20, maximum=100, step=20, help="cap")


def capped_distance(inputs: SurfaceInputs, cell_km: int, radius_km: int) -> Surface:
    """Distance to the nearest filtered site, capped at ``radius_km``."""
    near = distance_surface(inputs.chosen, inputs.units, cell_km=cell_km)
    return Surface(np.minimum(near.values, radius_km), near.grid, f"Capped at {radius_km} km")


TOY = SurfaceSpec(
    "toy", "Toy: capped distance to the filtered sites", "toy km", "viridis", False,
    capped_distance, (CELL_KM, RADIUS),
)  # fmt: skip


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setitem(SURFACES, "toy", TOY)
    return TOY


def test_toy_surface_is_in_the_cli_help_and_runs(toy, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["raster", "--help"])
    assert exit_.value.code == 0
    assert (
        "toy       Toy: capped distance to the filtered sites (toy km)" in capsys.readouterr().out
    )
    with pytest.raises(SystemExit):
        main(["raster", "toy", "--help"])
    assert "--radius-km RADIUS_KM" in capsys.readouterr().out
    out = tmp_path / "toy.tif"
    assert main(["raster", "toy", "--mineral", "copper", "--radius-km", "60", "-o", str(out)]) == 0
    with rasterio.open(out) as src:
        assert src.tags(1)["units"] == "toy km" and src.tags(1)["surface"] == "toy"
        values = src.read(1, masked=True)
        assert values.max() == 60 and values.min() == 0
    with pytest.raises(SystemExit) as exit_:
        main(["raster", "toy", "--radius-km", "30", "-o", str(tmp_path / "bad.tif")])
    assert exit_.value.code == 2
    assert "`radius_km` was 30 but is expected to be 20 to 100 in steps of 20" in (
        capsys.readouterr().err
    )


def test_toy_surface_travels_in_the_url(toy, vocabulary):
    state = ViewState(surface="toy").with_surface_values({"radius_km": 80})
    params = to_params(state)
    assert params == {"surface": "toy", "radius_km": "80"}
    assert from_params(params, vocabulary, []) == (state, [])
    back, warnings = from_params({"surface": "toy", "radius_km": "90"}, vocabulary, [])
    assert back.surface_values()["radius_km"] == 40
    assert warnings == ["ignored radius_km='90': expected 20 to 100 in steps of 20"]


def test_toy_surface_is_offered_and_drawn_by_the_page(toy, downloads):
    at = run(mineral="copper")
    assert TOY.label in at.selectbox(key="surface").options
    # Sliders show only for the chosen surface: none is chosen, so there is no radius slider.
    assert "radius_km" not in {s.key for s in at.slider}
    at.selectbox(key="surface").set_value("toy").run()
    at.slider(key="radius_km").set_value(60).run()
    assert not at.exception
    assert any(s.value == TOY.label for s in at.subheader)
    assert "Legend: toy km from 0.0 to 60.0" in " ".join(c.value for c in at.caption)
    assert at.query_params["radius_km"] == "60"
    with rasterio.open(io.BytesIO(downloaded(at, downloads, "download_surface"))) as src:
        assert src.tags(1)["units"] == "toy km"
