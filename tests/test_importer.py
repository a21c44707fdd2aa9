"""The import corpus in tests/data/ (written by tests/data/make_corpus.py): exact counts and
reasons for every format and failure mode."""

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.ingest.importer import ColumnMappingError, detect_columns, import_sites
from geo.ingest.readers import MAX_UPLOAD_BYTES, FileImportError

CORPUS = Path(__file__).resolve().parent / "data"


def run(atlas, name, **kw):
    data = (CORPUS / name).read_bytes()
    return import_sites(
        name, data, vocabulary=atlas.vocabulary, units=atlas.units, bundled=atlas.sites, **kw
    )


# file, read, accepted, rejected, text that must appear in the (first) reject reason or a note
CASES = [
    ("basic.csv", 4, 4, 0, "read as utf-8 text separated by commas"),
    ("sites.tsv", 2, 2, 0, "separated by tabs"),
    ("utf8_bom.csv", 1, 1, 0, "read as utf-8"),
    ("latin1.csv", 2, 2, 0, "read as cp1252"),
    ("decimal_commas.csv", 3, 3, 0, "separated by semicolons"),
    ("dms.csv", 4, 3, 1, "has minutes or seconds of 60 or more"),
    ("swapped.csv", 3, 1, 2, "latitude and longitude look swapped: (66.975, 30.1798)"),
    ("outside_pakistan.csv", 3, 1, 2, "the point (51.50720, -0.12760) is outside Pakistan"),
    ("malformed.csv", 2, 1, 1, "has 5 fields but the header has 4"),
    ("sites.xlsx", 4, 3, 1, "missing latitude"),
    ("web_mercator.geojson", 3, 3, 0, "reprojected from EPSG:3857 to WGS84"),
    ("shapefile_utm.zip", 3, 3, 0, "reprojected from EPSG:32642 to WGS84"),
    ("sites.kml", 2, 2, 0, None),
    ("sites.kmz", 2, 2, 0, None),
    ("mixed.gpkg", 3, 2, 1, "the feature is a Polygon, not a point"),
    ("duplicate.csv", 2, 2, 0, None),
    ("unknown_mineral.csv", 2, 2, 0, None),
    ("html_names.csv", 2, 2, 0, None),
]


@pytest.mark.parametrize(("name", "read", "accepted", "rejected", "text"), CASES)
def test_corpus_counts_and_reasons(atlas, name, read, accepted, rejected, text):
    result = run(atlas, name)
    assert (result.read, len(result.accepted), len(result.rejected)) == (read, accepted, rejected)
    if text:
        where = list(result.rejected["reason"]) if rejected else result.notes
        assert any(text in w for w in where), where
    # Rejected rows keep their number and every original value: nothing is lost.
    assert result.rejected["row"].notna().all()
    assert result.accepted["unit"].notna().all()  # every accepted point is inside a province


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "'empty.csv' is empty"),
        ("binary.csv", "'binary.csv' is not a text table: it looks like a PNG image"),
        ("traversal.zip", r"points outside the archive \('\.\.' in its path\)"),
        ("ambiguous.csv", r"several columns could hold the latitude: \['lat', 'y'\]"),
    ],
)
def test_files_that_cannot_be_imported_say_why(atlas, name, message, tmp_path):
    with pytest.raises((FileImportError, ColumnMappingError), match=message):
        run(atlas, name)
    assert not (CORPUS.parent / "evil.txt").exists()
    assert not Path("/tmp/evil.txt").exists()


def test_row_numbers_are_spreadsheet_rows(atlas):
    assert list(run(atlas, "dms.csv").rejected["row"]) == [5]
    assert list(run(atlas, "sites.xlsx").rejected["row"]) == [4]
    assert list(run(atlas, "mixed.gpkg").rejected["row"]) == [3]


def test_formats_are_normalised(atlas):
    basic = run(atlas, "basic.csv").accepted.set_index("name")
    assert basic.loc["Test copper prospect", "minerals"] == ["copper"]
    assert basic.loc["Test copper prospect", "site_type"] == "deposit"
    assert basic.loc["Test coal mine", "status"] == "operating"
    assert basic.loc["Test salt works", "site_type"] == "processing_plant"
    assert basic.loc["Test gold placer", "minerals"] == ["gold", "silver"]
    assert list(basic["unit"]) == ["Balochistan", "Sindh", "Punjab", "Gilgit-Baltistan"]
    dms = run(atlas, "dms.csv").accepted.set_index("name")
    assert dms.loc["Test DMS north", ["lat", "lon"]].tolist() == pytest.approx([30.179722, 66.975])
    assert dms.loc["Test decimal minutes", ["lat", "lon"]].tolist() == pytest.approx(
        [24.86, 67.001667]
    )
    commas = run(atlas, "decimal_commas.csv").accepted.set_index("name")
    assert commas.loc["Test site C", "minerals"] == ["rare_earths"]
    assert commas.loc["Test site A", "lat"] == pytest.approx(30.1798)
    mercator = run(atlas, "web_mercator.geojson").accepted.set_index("name")
    assert mercator.loc["Test Karachi", ["lat", "lon"]].tolist() == pytest.approx(
        [24.8607, 67.0011]
    )
    utm = run(atlas, "shapefile_utm.zip").accepted.set_index("name")
    assert utm.loc["Test Peshawar", ["lat", "lon"]].tolist() == pytest.approx([34.0151, 71.5249])


def test_latin1_text_is_read_correctly(atlas):
    names = list(run(atlas, "latin1.csv").accepted["name"])
    assert names == ["Test Cañada Peñón", "Test Zürich façade"]


def test_swapped_rows_can_be_fixed_on_request(atlas):
    result = run(atlas, "swapped.csv", fix_swapped=True)
    assert (len(result.accepted), len(result.rejected)) == (3, 0)
    fixed = result.accepted.set_index("name").loc["Test swapped 1"]
    assert (fixed["lat"], fixed["lon"]) == (30.1798, 66.975)
    assert "swapped in the file" in fixed["flags"][0]


def test_duplicate_of_a_bundled_site_is_flagged_not_merged(atlas):
    result = run(atlas, "duplicate.csv")
    assert list(result.accepted["duplicate_of"]) == ["reko-diq", ""]
    assert (
        "probably the same as bundled site 'reko-diq' (1.7 km away)"
        in result.accepted["flags"].iloc[0][0]
    )
    assert result.accepted["flags"].iloc[1] == []


def test_unknown_minerals_are_kept_verbatim_and_flagged(atlas):
    result = run(atlas, "unknown_mineral.csv").accepted.set_index("name")
    assert result.loc["Test unobtainium", "minerals"] == ["copper"]
    assert result.loc["Test unobtainium", "unknown_minerals"] == ["unobtainium"]
    assert result.loc["Test only unknown", "primary_mineral"] == "other"
    assert result.loc["Test only unknown", "flags"] == [
        "unrecognised mineral(s) kept as written: kryptonite"
    ]


def test_user_mapping_and_crs(atlas):
    result = run(atlas, "ambiguous.csv", mapping={"lat": "y"})
    assert len(result.accepted) == 1 and result.mapping["lat"] == "y"
    with pytest.raises(ColumnMappingError, match=r"column\(s\) \['nope'\] are not in the file"):
        run(atlas, "basic.csv", mapping={"name": "nope"})
    with pytest.raises(ColumnMappingError, match=r"unknown field\(s\) \['colour'\]"):
        run(atlas, "basic.csv", mapping={"colour": "name"})
    with pytest.raises(ColumnMappingError, match="`crs` was 'EPSG:999999'"):
        run(atlas, "basic.csv", crs="EPSG:999999")


def test_detect_columns_reports_ambiguity():
    found, ambiguous = detect_columns(["Site Name", "LATITUDE", "Long", "x", "Commodities"])
    assert found == {"lat": "LATITUDE", "name": "Site Name", "minerals": "Commodities"}
    assert ambiguous == {"lon": ["Long", "x"]}


def test_size_limit_and_unsupported_types(atlas):
    with pytest.raises(
        FileImportError, match=r"is 25\.0 MiB \(26,214,401 bytes\); the limit is 25 MiB"
    ):
        import_sites(
            "big.csv", b"a" * (MAX_UPLOAD_BYTES + 1), vocabulary=atlas.vocabulary, units=atlas.units
        )
    with pytest.raises(FileImportError, match=r"files ending in \.pdf are not supported"):
        import_sites("x.pdf", b"%PDF", vocabulary=atlas.vocabulary, units=atlas.units)


# ---- property: read = accepted + rejected for any CSV ------------------------------------------
cells = st.one_of(
    st.floats(min_value=-200, max_value=200, allow_nan=False).map(lambda f: f"{f:.4f}"),
    st.sampled_from(["", "abc", "29°07'30\"N", "66,97", "N 30.1", "62E", "95", "-0"]),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=12,
    ),
)
rows = st.lists(
    st.tuples(cells, cells, cells, st.sampled_from(["copper", "xx", "", "Cu;Au"])),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows)
def test_every_row_is_accepted_or_rejected(atlas, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "lat", "lon", "minerals"])
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    try:
        result = import_sites("generated.csv", data, vocabulary=atlas.vocabulary, units=atlas.units)
    except FileImportError:
        return  # e.g. every row blank: nothing to read, nothing lost
    lines = csv.reader(io.StringIO(buffer.getvalue(), newline=""))
    non_blank = sum(1 for r in lines if any(c.strip() for c in r)) - 1
    # read = accepted + rejected is enforced by ImportResult itself (tested below); what can
    # fail here is whether every non-blank line was read.
    assert result.read == non_blank
    assert result.rejected["reason"].str.len().gt(0).all()
    assert result.accepted["unit"].notna().all()


def test_import_result_refuses_to_lose_a_row():
    import geopandas as gpd
    import pandas as pd

    from geo.ingest.importer import ImportResult

    with pytest.raises(AssertionError, match="read 3 rows but accepted 0 and rejected 2"):
        ImportResult("x.csv", 3, gpd.GeoDataFrame(), pd.DataFrame({"row": [2, 3]}), {})
