import folium
import pytest

from geo.atlas import load_atlas
from layers.popups import site_popup_html
from layers.provinces import province_layer
from layers.sites import site_layer
from layers.text import safe_text, safe_url

NASTY = [
    "<img src=x onerror=alert(1)>",
    "Template {{ 7*7 }} site",
    "{% raw %}",
    "{{ cycler.__init__.__globals__.os.popen('touch /tmp/pcma-pwned').read() }}",
]


@pytest.mark.parametrize("text", NASTY)
def test_safe_text_leaves_no_html_or_jinja_syntax(text):
    out = safe_text(text)
    for token in ("<", ">", "{{", "{%", "}}", "%}"):
        assert token not in out


def test_safe_text_displays_verbatim():
    import html

    for text in NASTY:
        assert html.unescape(safe_text(text)) == text


def test_safe_url_refuses_script_urls():
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2"


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def _nasty_sites(atlas):
    sites = atlas.sites[atlas.sites.geometry.notna()].head(len(NASTY)).copy()
    sites["name"] = NASTY
    sites["notes"] = NASTY
    return sites


def test_nasty_names_render_as_text_in_the_map(atlas, tmp_path):
    sites = _nasty_sites(atlas)
    fmap = folium.Map(tiles=None)
    site_layer(sites, atlas.vocabulary).add_to(fmap)
    html_out = fmap.get_root().render()
    assert "49 site" not in html_out
    assert "<img src=x" not in html_out
    assert "Template &#123;&#123; 7*7 &#125;&#125; site" in html_out
    assert not (tmp_path / "pcma-pwned").exists()
    import os

    assert not os.path.exists("/tmp/pcma-pwned")


def test_popup_shows_every_attribute_and_source_link(atlas):
    site = atlas.sites.set_index("id").loc["reko-diq"].to_dict() | {"id": "reko-diq"}
    names = {m: atlas.vocabulary.name(m) for m in atlas.vocabulary.ids}
    out = site_popup_html(site, names)
    assert safe_text(site["name"]) in out
    assert "Copper" in out and "Gold" in out
    assert f'href="{safe_url(site["source_url"])}"' in out
    assert site["location_precision"] in out


def test_province_layer_tooltip_counts(atlas):
    from geo.summary import province_summary

    summary = province_summary(atlas.sites, atlas.units)
    layer = province_layer(atlas.units, summary)
    features = {f["properties"]["name"]: f["properties"] for f in layer.data["features"]}
    assert set(features) == set(atlas.units["name"])
    balochistan = int(summary.set_index("unit").loc["Balochistan", "sites"])
    assert features["Balochistan"]["sites"] == str(balochistan)


def test_layers_refuse_frames_without_required_columns(atlas):
    with pytest.raises(ValueError, match=r"`sites` is missing columns \['primary_mineral'"):
        site_layer(atlas.sites.drop(columns=["primary_mineral"]), atlas.vocabulary)
    with pytest.raises(ValueError, match="`units` must be a GeoDataFrame with a 'name' column"):
        province_layer(atlas.units.drop(columns=["name"]))
