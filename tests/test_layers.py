"""Layer builders: inputs checked, text neutralised, nothing from a file reaches HTML raw."""

import html
import itertools
import json
import re
import shutil
from pathlib import Path

import folium
import pytest

from geo.model.vocabulary import load_vocabulary
from geo.views.summary import province_summary
from layers.basemap import base_map
from layers.compose import data_layers, standalone_map
from layers.legend import legend_html
from layers.projects import project_layer
from layers.provinces import PALETTE, classify, legend_classes, province_layer
from layers.sites import site_layers, site_payload
from layers.text import safe_text, safe_url, script_json
from tests.conftest import DATA_DIR

MARKER = Path("/tmp/pcma-template-injection-ran")
NASTY = [
    "<img src=x onerror=alert(1)>",
    "Template {{ 7*7 }} site",
    "{% raw %}",
    "{{ cycler.__init__.__globals__.os.popen('touch " + str(MARKER) + "').read() }}",
    "`${alert(1)}`",
]


@pytest.mark.parametrize("text", NASTY)
def test_safe_text_leaves_no_html_or_jinja_syntax(text):
    out = safe_text(text)
    for token in ("<", ">", "{{", "{%", "}}", "%}", "`", "${"):
        assert token not in out
    assert html.unescape(out) == text  # and the browser shows it verbatim


def test_safe_url_refuses_script_urls():
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2"


def test_script_json_cannot_close_the_script_element():
    assert script_json({"a": "</script><script>"}) == '{"a":"<\\/script><script>"}'


@pytest.fixture
def nasty_sites(atlas):
    sites = atlas.sites[atlas.sites.geometry.notna()].head(len(NASTY)).copy()
    sites["name"] = NASTY
    sites["notes"] = NASTY
    sites["operator"] = NASTY
    return sites


def test_payload_is_neutralised_and_carries_ids(atlas, nasty_sites):
    payload = site_payload(nasty_sites, atlas.vocabulary)
    assert payload["n"] == len(NASTY)
    assert [html.unescape(n) for n in payload["name"]] == NASTY
    text = json.dumps(payload)
    assert "{{" not in text and "{%" not in text and "<img" not in text
    assert payload["id"] == list(nasty_sites["id"])
    assert payload["lat"][0] == round(nasty_sites.geometry.iloc[0].y, 5)


def test_rendering_a_map_with_nasty_names_runs_nothing(atlas, nasty_sites):
    MARKER.unlink(missing_ok=True)
    summary = province_summary(nasty_sites, atlas.units)
    layers = data_layers(
        nasty_sites, atlas.projects.head(0), atlas.units, summary, atlas.vocabulary
    )
    page = standalone_map("offline", layers).get_root().render()  # `{% raw %}` must not crash it
    assert "Template 49 site" not in page
    assert "<img src=x" not in page
    assert "Template &#123;&#123; 7*7 &#125;&#125; site" in page
    assert not MARKER.exists()


def test_site_layers_split_by_type_and_skip_unmapped(atlas):
    groups = site_layers(atlas.sites, atlas.vocabulary)
    mapped = atlas.sites[atlas.sites.geometry.notna()]
    counts = [int(re.search(r"\((\d+)\)$", g.layer_name).group(1)) for g in groups]
    assert counts == [
        int((mapped["site_type"] == "deposit").sum()),
        int((mapped["site_type"] == "mine").sum()),
        int(mapped["site_type"].isin(["refinery", "smelter", "processing_plant"]).sum()),
    ]
    assert sum(counts) == len(mapped) < len(atlas.sites)


def test_site_layers_check_their_input(atlas):
    with pytest.raises(ValueError, match=r"`sites` is missing columns \['primary_mineral'\]"):
        site_layers(atlas.sites.drop(columns=["primary_mineral"]), atlas.vocabulary)
    with pytest.raises(ValueError, match=r"`aggregate_above` was 0 but must be at least 1"):
        site_layers(atlas.sites, atlas.vocabulary, aggregate_above=0)


def _payloads(group, function):
    return [
        json.loads(e.payload.replace("<\\/", "</"))
        for e in group._children.values()
        if getattr(e, "function", "") == function
    ]


def test_province_layer_modes_readout_and_colours(atlas):
    summary = province_summary(atlas.sites, atlas.units)
    layer = province_layer(atlas.units, summary, mode="count")
    [payload] = _payloads(layer, "Atlas.addProvinces")
    props = {f["properties"]["name"]: f["properties"] for f in payload["data"]["features"]}
    assert set(props) == set(atlas.units["name"])
    top = summary.set_index("unit")["sites"].idxmax()
    assert props[top]["sites"] == str(int(summary.set_index("unit").loc[top, "sites"]))
    assert props[top]["_fill"] == PALETTE[-1]  # the darkest class holds the maximum
    # Opaque fills, and the legend's swatches are exactly the fill colours.
    assert payload["fillOpacity"] == 1.0
    [legend] = _payloads(layer, "Atlas.addLegendSection")
    swatches = re.findall(r"background:(#[0-9a-f]{6})", legend["html"])
    assert set(swatches) == {p["_fill"] for p in props.values()}
    with pytest.raises(ValueError, match=r"`mode` was 'pie'"):
        province_layer(atlas.units, summary, mode="pie")
    with pytest.raises(ValueError, match="needs a `summary`"):
        province_layer(atlas.units, mode="density")


def test_project_layer_groups_projects_by_site_and_skips_unlocated(atlas):
    layer = project_layer(atlas.projects, atlas.sites)
    located = atlas.projects[atlas.projects.geometry.notna()]
    assert layer.layer_name.endswith(f"({len(located)})")
    [element] = list(layer._children.values())
    payload = json.loads(element.payload.replace("<\\/", "</"))
    reko = [a for a in payload["anchors"] if "reko-diq" in json.dumps(a)]
    reko_projects = atlas.projects[atlas.projects["site_ids"].map(lambda s: "reko-diq" in s)]
    assert sum(len(a["ids"]) for a in reko) == len(reko_projects)


def test_legend_escapes_mineral_names(tmp_path):
    shutil.copy(DATA_DIR / "minerals.csv", tmp_path / "minerals.csv")
    text = (tmp_path / "minerals.csv").read_text(encoding="utf-8")
    text = text.replace("antimony,Antimony,", "antimony,{{ 7*7 }} <b>x</b>,", 1)
    (tmp_path / "minerals.csv").write_text(text, encoding="utf-8")
    vocabulary = load_vocabulary(tmp_path / "minerals.csv")
    out = legend_html(["antimony"], vocabulary)
    assert "&#123;&#123; 7*7 &#125;&#125; &lt;b&gt;x&lt;/b&gt;" in out


def test_base_map_has_no_remote_scripts_and_a_max_zoom():
    page = base_map("offline").get_root().render()
    assert not re.findall(r'<script[^>]+src="https?:', page)
    assert not re.findall(r'<link[^>]+href="https?:', page)
    assert re.search(r'L\.map\([^;]*"maxZoom": 18', page, re.S)
    with pytest.raises(ValueError, match=r"`basemap` was 'moon'"):
        base_map("moon")


def test_each_basemap_is_offered_and_only_the_chosen_one_shown():
    fmap = base_map("imagery")
    folium.LayerControl().add_to(fmap)
    page = fmap.get_root().render()
    for label in ("Street map", "Satellite imagery", "Terrain"):
        assert label in page
    added = re.findall(r"(tile_layer_\w+)\.addTo", page)
    assert len(added) == 1
    assert re.search(added[0] + r' = L\.tileLayer\(\s*"https://server\.arcgisonline', page)
    assert "L.tileLayer" not in base_map("offline").get_root().render()


def test_count_classes_are_whole_numbers_and_density_is_not_swamped_by_one_small_unit(atlas):
    import pandas as pd

    summary = province_summary(atlas.sites, atlas.units)
    labels = [label for _, label in legend_classes(summary, "count")]
    assert all(re.fullmatch(r"\d+(–\d+)?", label) for label in labels), labels
    # Classes cover every count without gaps: each lower bound follows the previous upper one.
    bounds = classify(summary["sites"], "count")
    assert all(int(b[0]) == int(a[1]) + 1 for a, b in itertools.pairwise(bounds))
    # Islamabad's one site in ~900 km² gets a class of its own, not five of seven units in one.
    density = summary.set_index("unit")["sites_per_10k_km2"]
    classes = classify(density, "density")
    lowest = ((density > 0) & (density <= classes[0][1])).sum()
    assert lowest < 5
    assert classify(pd.Series([0, 0]), "count") == []


def test_legend_folds_long_mineral_lists(vocabulary):
    from layers.legend import MINERALS_SHOWN

    html_ = legend_html(list(vocabulary.ids), vocabulary)
    hidden = len(vocabulary.ids) - MINERALS_SHOWN
    assert f"+{hidden} more" in html_
    assert html_.count("class='swatch'") == len(vocabulary.ids)
