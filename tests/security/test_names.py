"""File names are text: they never run as templates, never become HTML, never crash the page."""

from __future__ import annotations

import json
import re

import pytest

from geo.ingest.importer import import_sites
from geo.views.summary import province_summary
from layers.compose import data_layers, standalone_map
from tests.security.conftest import (
    SITES_CSV,
    SSTI_NAME,
    XSS_NAME,
    layer_captions,
    outside_code,
    page,
    page_texts,
)


def _map_html(atlas, *named_files: tuple[str, bytes]) -> str:
    results = [
        import_sites(name, data, vocabulary=atlas.vocabulary, units=atlas.units)
        for name, data in named_files
    ]
    from geo.model.atlas import combine_sites

    sites = combine_sites(atlas.sites, [r.accepted for r in results])
    layers = data_layers(
        sites, atlas.projects, atlas.units, province_summary(sites, atlas.units), atlas.vocabulary
    )
    return standalone_map("none", layers).get_root().render()


def _overlay_names(html: str) -> list[str]:
    """The layer control's overlay names as the page's script declares them."""
    block = html[html.index("overlays :") :]
    block = block[: block.index("},")]
    return [json.loads(m) for m in re.findall(r'^\s*("(?:[^"\\]|\\.)*")\s*:', block, re.M)]


def test_ssti_file_name_in_the_standalone_map_runs_nothing(atlas, no_pwned_file):
    html = _map_html(atlas, (SSTI_NAME, SITES_CSV))
    assert not no_pwned_file.exists()
    names = _overlay_names(html)
    [mine] = [n for n in names if n.startswith("Your data:")]
    # HTML-escaped text: the layer control shows the braces, nothing was evaluated.
    assert mine == "Your data: " + SSTI_NAME.replace("{", "&#123;").replace("}", "&#125;") + " (4)"
    assert "Your data: 6.csv" not in html


def test_ssti_file_name_on_the_page_is_shown_verbatim_and_runs_nothing(
    no_pwned_file, deferred_downloads
):
    at = page((SSTI_NAME, SITES_CSV), tab="downloads")
    assert not at.exception
    # The "Map (HTML)" button builds the standalone map when clicked: click it.
    html = deferred_downloads["pakistan_minerals_map.html"]()
    html = html.decode() if isinstance(html, bytes) else html
    assert not no_pwned_file.exists()
    assert "Your data: 6.csv" not in html
    [mine] = [n for n in _overlay_names(html) if n.startswith("Your data:")]
    assert mine == "Your data: " + SSTI_NAME.replace("{", "&#123;").replace("}", "&#125;") + " (4)"
    assert f"File: {SSTI_NAME}" in page_texts(at)
    assert f"Your data: {SSTI_NAME} (4)" in layer_captions(at)


@pytest.mark.parametrize(
    "name",
    [
        "{{'x'}}.csv",
        'sites "quoted".csv',
        "sites 'single'.csv",
        "back\\slash.csv",
        'mix \\" {{ }} {% raw %} ${x} `y`.csv',
        XSS_NAME,
        "**bold** [link](https://evil.example) ![i](http://evil.example/i.png).csv",
    ],
)
def test_hostile_file_names_load_normally(name):
    at = page((name, SITES_CSV))
    assert not at.exception
    assert f"File: {name}" in page_texts(at)
    assert any("Read 4 rows: 4 accepted, 0 rejected." in s.value for s in at.success)
    assert f"Your data: {name} (4)" in layer_captions(at)


def test_markdown_in_a_file_name_is_not_rendered(atlas):
    name = "[click](https://evil.example).csv"
    at = page((name, SITES_CSV))
    # Every Markdown element that mentions the name escapes the brackets and parentheses.
    raw = [e.value for group in (at.caption, at.markdown, at.success) for e in group]
    raw += [e.label for e in at.expander]
    mentions = [r for r in raw if "evil" in r]
    assert mentions and all("evil" not in outside_code(r) for r in mentions)


def test_two_identical_files_in_one_upload_both_load():
    at = page(("basic.csv", SITES_CSV), ("basic.csv", SITES_CSV))
    assert not at.exception
    successes = [s.value for s in at.success if "Read 4 rows" in s.value]
    assert len(successes) == 2
    captions = layer_captions(at)
    assert "Your data: basic.csv (4)" in captions
    assert "Your data: basic (2).csv (4)" in captions


def test_same_bytes_under_two_names_show_each_user_their_own_name():
    first = page((XSS_NAME, SITES_CSV))
    second = page(("public_sites.csv", SITES_CSV))
    assert f"Your data: {XSS_NAME} (4)" in layer_captions(first)
    assert "Your data: public_sites.csv (4)" in layer_captions(second)
    assert "img" not in layer_captions(second)
    assert not any("img" in t for t in page_texts(second))
