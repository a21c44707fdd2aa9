import pytest

from geo.errors import DataValidationError
from geo.model.vocabulary import load_vocabulary


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Cu", ["copper"]),
        ("copper ore", ["copper"]),
        ("COPPER", ["copper"]),
        ("REE", ["rare_earths"]),
        ("rare earths", ["rare_earths"]),
        ("Rare-earth elements", ["rare_earths"]),
        ("wolfram", ["tungsten"]),
        ("chromium ore", ["chromite"]),
        ("Lead-Zinc", ["lead", "zinc"]),
        ("Pb/Zn", ["lead", "zinc"]),
        ("gold deposits", ["gold"]),
        ("rubies", ["ruby"]),
        ("halite", ["rock_salt"]),
        ("iron_ore", ["iron_ore"]),
    ],
)
def test_spellings_normalise_to_canonical_ids(vocabulary, spelling, expected):
    assert vocabulary.normalise_many(spelling) == (expected, [])


def test_unknown_mineral_is_kept_verbatim_and_reported(vocabulary):
    assert vocabulary.normalise_many("copper;Unobtanium") == (["copper"], ["Unobtanium"])


def test_repeated_minerals_collapse_in_order(vocabulary):
    assert vocabulary.normalise_many("Au; gold; Cu") == (["gold", "copper"], [])


def test_bundled_vocabulary_has_colours_and_critical_flags(vocabulary):
    assert vocabulary.colour("copper").startswith("#")
    assert vocabulary.minerals["antimony"].us_critical == "yes"
    assert vocabulary.minerals["gold"].us_critical == "no"
    assert vocabulary.minerals["coal"].us_critical == "partial"


def test_a_spelling_claimed_by_two_minerals_is_rejected(tmp_path):
    path = tmp_path / "minerals.csv"
    path.write_text(
        "id,name,symbol,group,us_critical,us_critical_note,synonyms,colour\n"
        "copper,Copper,Cu,base metal,yes,,red metal,#d95f02\n"
        "gold,Gold,Au,precious metal,no,,red metal,#e6ab02\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError, match=r"line 3, column synonyms: found 'red metal'"):
        load_vocabulary(path)


def test_bad_colour_and_flag_are_both_reported(tmp_path):
    path = tmp_path / "minerals.csv"
    path.write_text(
        "id,name,symbol,group,us_critical,us_critical_note,synonyms,colour\n"
        "copper,Copper,Cu,base metal,maybe,,,red\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError, match=r"2 problem\(s\)") as info:
        load_vocabulary(path)
    assert {p.column for p in info.value.problems} == {"us_critical", "colour"}


def test_one_key_and_one_url_check():
    from geo.model.normalise import is_web_url, key

    assert key(" Processing-plant ") == key("processing_plant") == key("PROCESSING.plant")
    assert key("Azad (Jammu) Kashmir") == "azad jammu kashmir"
    for good in ("https://example.org/a?b=1", "HTTP://x.pk"):
        assert is_web_url(good), good
    for bad in (
        "httpfoo",
        "http://",
        "https:// spaced.org",
        "javascript:alert(1)",
        "ftp://x",
        None,
    ):
        assert not is_web_url(bad), bad
