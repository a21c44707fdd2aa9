import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.views.join import assign_units, disagreements
from geo.views.summary import province_summary


def _sites(*points, provinces=None, minerals=None):
    n = len(points)
    return gpd.GeoDataFrame(
        {
            "id": [f"s{i}" for i in range(n)],
            "name": [f"Site {i}" for i in range(n)],
            "province": provinces or ["Balochistan"] * n,
            "site_type": ["mine"] * n,
            "status": ["operating"] * n,
            "minerals": minerals or [["copper"]] * n,
        },
        geometry=[Point(p) if p else None for p in points],
        crs="EPSG:4326",
    )


def test_each_site_gets_the_unit_it_falls_in(two_units):
    joined = assign_units(_sites((66.5, 27.5), (67.5, 27.5)), two_units)
    assert list(joined["unit"]) == ["Balochistan", "Sindh"]
    assert list(joined["province_matches"]) == [True, False]


def test_disagreement_reports_declared_computed_and_distance(two_units):
    joined = assign_units(_sites((67.5, 27.5)), two_units)
    [d] = disagreements(joined, two_units)
    assert (d.id, d.declared, d.computed) == ("s0", "Balochistan", "Sindh")
    # 0.5° of longitude at 27.5°N is about 49 km.
    assert d.distance_km == pytest.approx(49.4, abs=1.5)
    assert "declared Balochistan, falls in Sindh" in str(d)


def test_point_outside_all_units_and_unmapped_site(two_units):
    joined = assign_units(_sites((70.5, 27.5), None), two_units)
    assert joined["unit"].tolist() == [None, None]
    assert joined["province_matches"].tolist() == [None, None]
    [d] = disagreements(joined, two_units)
    assert d.computed is None and "outside every boundary unit" in str(d)


def test_point_on_shared_border_goes_to_first_unit(two_units):
    joined = assign_units(_sites((67.0, 27.5)), two_units)
    assert joined["unit"].tolist() == ["Balochistan"]


def test_summary_counts_density_and_minerals(two_units):
    sites = _sites(
        (66.5, 27.5),
        (66.2, 27.2),
        (67.5, 27.5),
        None,
        provinces=["Balochistan", "Balochistan", "Sindh", "Sindh"],
        minerals=[["copper", "gold"], ["coal"], ["coal"], ["coal"]],
    )
    table = province_summary(assign_units(sites, two_units), two_units).set_index("unit")
    assert table.loc["Balochistan", "sites"] == 2
    assert table.loc["Sindh", "sites"] == 2  # the unmapped site counts by its declared province
    assert table.loc["Sindh", "mapped_sites"] == 1
    assert table.loc["Balochistan", "sites_per_10k_km2"] == 2.0
    assert table.loc["Balochistan", "mineral:copper"] == 1
    assert table.loc["Sindh", "mineral:coal"] == 2
    assert table.loc["Sindh", "mineral:copper"] == 0
    assert table.loc["Balochistan", "type:mine"] == 2


def test_summary_lists_units_without_sites(two_units):
    table = province_summary(assign_units(_sites((66.5, 27.5)), two_units), two_units)
    assert table.set_index("unit").loc["Sindh", "sites"] == 0
