import json

import geopandas as gpd
import pandas as pd
import pytest

from geo.cli import main
from tests import rfc7946
from tests.conftest import DATA_DIR


def test_validate_prints_counts_per_layer(capsys, atlas):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    n_sites = len(atlas.sites)
    mapped = int(atlas.sites.geometry.notna().sum())
    assert "boundaries: 7 units" in out
    assert f"sites:      {n_sites} valid rows, {mapped} mapped ({mapped} inside a unit)" in out
    assert f"projects:   {len(atlas.projects)} valid rows" in out
    assert f"minerals:   {len(atlas.vocabulary.ids)} ids" in out
    assert out.rstrip().endswith("ok")


def test_validate_fails_and_lists_problems_for_bad_data(tmp_path, capsys):
    for name in ("minerals.csv", "projects.csv"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    sites = (DATA_DIR / "sites.csv").read_text(encoding="utf-8")
    lines = sites.splitlines()
    lines.append(lines[1])  # a duplicate id
    (tmp_path / "sites.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    first_id = lines[1].split(",")[0]
    assert f"line {len(lines)}, column id: found duplicate id '{first_id}'" in err


def test_export_copper_in_balochistan_round_trips(tmp_path, capsys, atlas):
    out = tmp_path / "out.geojson"
    code = main(
        [
            "export",
            "--layer",
            "sites",
            "--mineral",
            "copper",
            "--province",
            "Balochistan",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    expected = atlas.sites[
        atlas.sites["minerals"].map(lambda m: "copper" in m)
        & atlas.sites["unit"].fillna(atlas.sites["province"]).eq("Balochistan")
    ]
    assert len(expected) >= 3
    assert f"wrote {len(expected)} sites" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert rfc7946.problems(text) == []
    doc = json.loads(text)
    assert [f["properties"]["id"] for f in doc["features"]] == list(expected["id"])
    for feature, (_, site) in zip(doc["features"], expected.iterrows(), strict=True):
        props = feature["properties"]
        assert "copper" in props["minerals"] and isinstance(props["minerals"], list)
        assert props["source"] == site["source"] and props["source"]
        assert props["location_precision"] == site["location_precision"]
        if feature["geometry"]:
            assert feature["geometry"]["coordinates"] == [
                round(site["lon"], 6),
                round(site["lat"], 6),
            ]
    back = gpd.read_file(out)
    assert len(back) == len(expected)
    assert set(expected.columns) - {"geometry"} <= set(back.columns)
    assert list(back["id"]) == list(expected["id"])
    assert list(back["source_url"].fillna("")) == list(expected["source_url"])


@pytest.mark.parametrize("ext", ["gpkg", "csv"])
def test_export_other_formats_keep_rows_and_provenance(tmp_path, ext, atlas):
    out = tmp_path / f"coal.{ext}"
    assert main(["export", "--mineral", "lignite", "-o", str(out)]) == 0
    expected = atlas.sites[atlas.sites["minerals"].map(lambda m: "coal" in m)]
    back = pd.read_csv(out) if ext == "csv" else gpd.read_file(out)
    assert len(back) == len(expected)
    assert list(back["id"]) == list(expected["id"])
    assert back["source"].notna().all() and back["location_precision"].notna().all()
    assert back["minerals"].str.contains("coal").all()


def test_export_projects_and_boundaries(tmp_path, atlas):
    out = tmp_path / "projects.geojson"
    assert main(["export", "--layer", "projects", "--mineral", "antimony", "-o", str(out)]) == 0
    doc = json.loads(out.read_text())
    ids = {f["properties"]["id"] for f in doc["features"]}
    assert "ussm-fwo-critical-minerals-mou" in ids
    mou = next(
        f for f in doc["features"] if f["properties"]["id"] == "ussm-fwo-critical-minerals-mou"
    )
    assert mou["geometry"] is None  # site not announced: listed, not placed
    assert mou["properties"]["amount_usd"] == 500_000_000
    out = tmp_path / "kp.geojson"
    assert main(["export", "--layer", "boundaries", "--province", "KPK", "-o", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert [f["properties"]["name"] for f in doc["features"]] == ["Khyber Pakhtunkhwa"]
    assert rfc7946.problems(out.read_text()) == []


def test_summary_table_and_json(capsys, atlas):
    assert main(["summary", "--mineral", "coal", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_unit = {r["unit"]: r for r in rows}
    coal = atlas.sites[atlas.sites["minerals"].map(lambda m: "coal" in m)]
    assert sum(r["sites"] for r in rows) == len(coal)
    assert by_unit["Sindh"]["sites"] == int(
        (coal["unit"].fillna(coal["province"]) == "Sindh").sum()
    )
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "Balochistan" in out and f"{len(atlas.sites)} site(s) match" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--mineral", "kryptonite", "-o", "x.geojson"], "`minerals` had 'kryptonite'"),
        (["export", "--province", "Atlantis", "-o", "x.geojson"], "`provinces` had 'Atlantis'"),
        (["export", "-o", "x.kml"], "its extension is expected to be in"),
        (["export", "--status", "dead", "-o", "x.geojson"], "argument --status: invalid choice"),
        (["export"], "the following arguments are required: -o/--output"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments_exit_non_zero_with_one_line(capsys, argv, message):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_import_writes_accepted_and_rejects(tmp_path, capsys):
    from tests.test_importer import CORPUS

    out = tmp_path / "mine.geojson"
    assert main(["import", str(CORPUS / "swapped.csv"), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "read 3, accepted 1, rejected 2" in printed
    assert "row 3 rejected: latitude and longitude look swapped" in printed
    doc = json.loads(out.read_text())
    assert [f["properties"]["name"] for f in doc["features"]] == ["Test correct"]
    assert doc["features"][0]["properties"]["unit"] == "Khyber Pakhtunkhwa"
    rejects = pd.read_csv(tmp_path / "mine.rejects.csv")
    assert list(rejects["row"]) == [3, 4]
    assert list(rejects["name"]) == ["Test swapped 1", "Test swapped 2"]
    assert main(["import", str(CORPUS / "swapped.csv"), "--fix-swapped", "-o", str(out)]) == 0
    assert "read 3, accepted 3, rejected 0" in capsys.readouterr().out


def test_import_column_mapping_and_file_errors(tmp_path, capsys):
    from tests.test_importer import CORPUS

    out = tmp_path / "x.csv"
    with pytest.raises(SystemExit) as info:
        main(["import", str(CORPUS / "ambiguous.csv"), "-o", str(out)])
    assert info.value.code == 2
    assert "several columns could hold the latitude" in capsys.readouterr().err
    assert main(["import", str(CORPUS / "ambiguous.csv"), "--map", "lat=y", "-o", str(out)]) == 0
    assert pd.read_csv(out)["name"].tolist() == ["Test"]
    with pytest.raises(SystemExit) as info:
        main(["import", str(CORPUS / "binary.csv"), "-o", str(out)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "not a text table: it looks like a PNG image" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit) as info:
        main(["import", str(tmp_path / "missing.csv"), "-o", str(out)])
    assert info.value.code == 2
    assert "missing.csv does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["import", str(CORPUS / "basic.csv"), "--map", "lat", "-o", str(out)])
    assert "`--map` had 'lat' but expects FIELD=COLUMN pairs" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["density", "distance", "siting"])
def test_raster_command_writes_a_geotiff(tmp_path, capsys, kind):
    import rasterio

    out = tmp_path / f"{kind}.tif"
    assert main(["raster", kind, "--mineral", "copper", "--cell-km", "20", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "cells of 20 km" in printed and f"wrote {out}" in printed
    with rasterio.open(out) as src:
        assert src.crs is not None and src.res == (20_000.0, 20_000.0)
        assert src.nodata == -9999
    if kind == "siting":
        assert "best cells (straight-line distance, not road or rail access):" in printed


def test_raster_command_errors_are_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["raster", "distance", "--mineral", "lithium", "-o", str(tmp_path / "x.tif")])
    err = capsys.readouterr().err
    assert "no mapped processing facility for these minerals" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit):
        main(["raster", "density", "-o", str(tmp_path / "x.geojson")])
    assert "a raster must end in .tif" in capsys.readouterr().err


def test_broken_data_folder_is_one_line_with_status_2(tmp_path, capsys):
    for name in ("minerals.csv", "projects.csv"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    (tmp_path / "sites.csv").write_text("id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["summary", "--data-dir", str(tmp_path)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "problem(s) in sites.csv, the first: sites.csv" in err
    assert "`python -m geo validate` lists them all" in err


def test_every_geo_error_is_an_atlas_error():
    import geo.errors as errors

    classes = [
        c for c in vars(errors).values() if isinstance(c, type) and c.__name__.endswith("Error")
    ]
    assert len(classes) >= 11
    for cls in classes:
        assert issubclass(cls, errors.AtlasError) and issubclass(cls, ValueError), cls
    assert issubclass(errors.MissingFileError, FileNotFoundError)
