"""What the issue promises about the data that ships with the atlas."""

import re

import pytest

from geo.model.atlas import check_atlas
from geo.model.provinces import PROVINCES
from tests.conftest import DATA_DIR

NAMED_MINERALS = (
    "antimony",
    "copper",
    "gold",
    "tungsten",
    "rare_earths",
    "chromite",
    "coal",
    "iron_ore",
    "lead",
    "zinc",
    "lithium",
    "rock_salt",
)


@pytest.fixture(scope="module")
def report():
    return check_atlas()


@pytest.fixture(scope="module")
def sites(report):
    return report.atlas.sites


def test_bundled_data_validates_without_problems(report):
    assert [str(p) for p in report.problems] == []


def test_at_least_80_sites_and_8_per_province(sites):
    assert len(sites) >= 80
    counts = sites["province"].value_counts()
    for province in PROVINCES:
        assert counts.get(province, 0) >= 8, province


def test_at_least_8_mapped_sites_per_province(sites):
    mapped = sites[sites.geometry.notna()]["unit"].value_counts()
    for province in PROVINCES:
        assert mapped.get(province, 0) >= 8, province


@pytest.mark.parametrize("mineral", NAMED_MINERALS)
def test_every_named_mineral_is_present(sites, mineral):
    assert sites["minerals"].map(lambda ms: mineral in ms).any()


def test_well_known_sites_are_present(sites):
    names = " | ".join(sites["name"]).casefold()
    for words in (
        "reko diq",
        "saindak",
        "duddar",
        "thar",
        "lakhra",
        "khewra",
        "chiniot",
        "muslim bagh",
        "krinj",
        "emerald",
    ):
        assert words in names, words


def test_every_row_cites_a_source_and_mapped_rows_their_location(sites):
    assert sites["source"].str.len().gt(0).all()
    mapped = sites[sites.geometry.notna()]
    assert mapped["location_source"].str.len().gt(0).all()
    assert sites["source_url"].map(lambda u: u == "" or u.startswith("http")).all()


def test_unknown_locations_are_not_mapped(sites):
    unknown = sites["location_precision"] == "unknown"
    assert sites.loc[unknown].geometry.isna().all()
    assert sites.loc[~unknown].geometry.notna().all()


def test_every_mapped_site_falls_inside_pakistan(sites):
    mapped = sites[sites.geometry.notna()]
    assert mapped["unit"].notna().all(), list(mapped.loc[mapped["unit"].isna(), "id"])


def test_oil_refineries_carry_petroleum_only(sites):
    refineries = sites[
        sites["name"].str.contains("refinery", case=False)
        & sites["minerals"].map(lambda ms: "petroleum" in ms)
    ]
    assert len(refineries) >= 1
    assert refineries["minerals"].map(lambda ms: ms == ["petroleum"]).all()


def test_province_disagreements_are_documented(report):
    sources_md = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for d in report.atlas.disagreements:
        assert re.search(rf"`{re.escape(d.id)}`", sources_md), f"{d} is not explained in SOURCES.md"


def test_projects_include_the_ussm_fwo_mou(report):
    projects = report.atlas.projects
    assert len(projects) >= 5
    mou = projects[
        projects["partners"].map(
            lambda ps: (
                any("USSM" in p or "US Strategic Metals" in p for p in ps)
                and any("Frontier Works" in p for p in ps)
            )
        )
        & projects["amount_usd"].eq(500_000_000)
    ]
    assert len(mou) == 1
    row = mou.iloc[0]
    assert set(row["minerals"]) == {"antimony", "copper", "gold", "tungsten", "rare_earths"}
    assert row["site_ids"] == [] and row.geometry is None
    assert projects["source"].str.len().gt(0).all()


def test_reko_diq_project_names_barrick(report):
    projects = report.atlas.projects
    reko = projects[projects["site_ids"].map(lambda ids: "reko-diq" in ids)]
    assert reko["partners"].map(lambda ps: any("Barrick" in p for p in ps)).any()


def test_release_2_goals(report):
    """Issue 12: at least 220 sites and 25 projects, the seed minerals covered, at least 15
    infrastructure features, and at most 30 % of mapped sites placed only at a district HQ."""
    from geo.model.quality import mineral_counts, precision_mix

    atlas = report.atlas
    assert len(atlas.sites) >= 220
    assert len(atlas.projects) >= 25
    assert len(atlas.infrastructure) >= 15
    kinds = set(atlas.infrastructure["kind"])
    assert {"sea_port", "dry_port", "rail_head", "sez"} <= kinds
    ports = atlas.infrastructure[atlas.infrastructure["kind"] == "sea_port"]["name"].str.cat(
        sep=" "
    )
    for port in ("Karachi", "Qasim", "Gwadar"):
        assert port in ports, port
    counts = mineral_counts(atlas.sites)
    minimum = {"antimony": 12, "tungsten": 6, "rare_earths": 8, "copper": 25, "gold": 25}
    assert all(counts[m] >= n for m, n in minimum.items()), counts
    mix = precision_mix(atlas.sites)
    mapped = sum(v for k, v in mix.items() if k != "unknown")
    assert mix["district"] <= 0.30 * mapped, mix


def test_readme_data_table_matches_validate(report):
    from geo.model.quality import mineral_counts, precision_mix

    readme = (DATA_DIR.parent / "README.md").read_text(encoding="utf-8")
    sites = report.atlas.sites
    mapped = int(sites.geometry.notna().sum())
    assert f"| sites | {len(sites)} ({mapped} mapped, {len(sites) - mapped} listed" in readme
    mix = precision_mix(sites)
    shares = ", ".join(
        f"{k} {v} ({100 * v / mapped:.0f} %)" for k, v in mix.items() if k != "unknown"
    )
    assert f"| precision of the mapped sites | {shares} |" in readme
    seeds = mineral_counts(sites)
    assert (
        f"antimony {seeds['antimony']}, tungsten {seeds['tungsten']}, "
        f"rare earths {seeds['rare_earths']}, copper {seeds['copper']}, gold {seeds['gold']}"
    ) in readme
    assert f"| projects | {len(report.atlas.projects)} (" in readme
    assert f"| infrastructure | {len(report.atlas.infrastructure)} features" in readme
