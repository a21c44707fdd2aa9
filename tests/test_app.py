"""Drive the real Streamlit page by widget key (the full app is a later issue)."""

import pytest
from streamlit.testing.v1 import AppTest

from geo.atlas import load_atlas


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def _app():
    return AppTest.from_file("../app.py", default_timeout=60).run()


def _sites_table(at):
    # st.dataframe is not a widget, so AppTest cannot look it up by key; the sites table is the
    # one with a site_type column.
    [table] = [d.value for d in at.dataframe if "site_type" in d.value.columns]
    return table


def test_page_loads_with_all_sites(atlas):
    at = _app()
    assert not at.exception
    assert _sites_table(at).shape[0] == len(atlas.sites)


def test_copper_shows_exactly_the_copper_sites(atlas):
    at = _app()
    at.multiselect(key="minerals").select("copper").run()
    copper = atlas.sites[atlas.sites["minerals"].map(lambda m: "copper" in m)]
    table = _sites_table(at)
    assert sorted(table["name"]) == sorted(copper["name"])


def test_province_narrows_and_empty_result_is_explained(atlas):
    at = _app()
    at.multiselect(key="minerals").select("lithium").run()
    at.multiselect(key="provinces").select("Sindh").run()
    assert _sites_table(at).shape[0] == 0
    assert any("No sites match" in i.value for i in at.info)
    assert not at.exception
