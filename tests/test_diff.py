"""`python -m geo diff` and the release comparison: exact adds, removes and field changes."""

import json
import shutil
import subprocess

import pytest

from geo.cli import main
from geo.model.diff import (
    DiffError,
    data_version,
    diff_editions,
    diff_folders,
    previous_release,
    release_changes,
    removed_matching,
)
from geo.views.query import SiteFilter
from tests.conftest import DATA_DIR, site_row, write_csv


@pytest.fixture
def editions(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    write_csv(
        old / "sites.csv",
        [
            site_row(id="kept", name="Kept"),
            site_row(id="moved", name="Moved", lat="27.5", location_precision="district"),
            site_row(id="gone", name="Gone", minerals="antimony"),
        ],
    )
    write_csv(
        new / "sites.csv",
        [
            site_row(id="kept", name="Kept"),
            site_row(id="moved", name="Moved", lat="27.25", location_precision="locality"),
            site_row(id="fresh", name="Fresh", minerals="tungsten"),
        ],
    )
    return old, new


def test_folders_report_exact_adds_removes_and_field_changes(editions):
    result = diff_folders(*editions)
    assert result.counts("sites") == {"added": 1, "removed": 1, "changed": 1}
    assert [(c.kind, c.id) for c in result.of("sites")] == [
        ("added", "fresh"),
        ("removed", "gone"),
        ("changed", "moved"),
    ]
    (moved,) = result.of("sites", "changed")
    assert [(f.field, f.old, f.new) for f in moved.fields] == [
        ("lat", "27.5", "27.25"),
        ("location_precision", "district", "locality"),
    ]
    assert result.counts("projects") == {"added": 0, "removed": 0, "changed": 0}


def test_cli_prints_the_diff_field_by_field(editions, capsys):
    old, new = editions
    assert main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "sites: 1 added, 1 removed, 1 changed" in out
    assert "  + fresh (Fresh)" in out
    assert "  - gone (Gone)" in out
    assert "  ~ moved (Moved)" in out
    assert "      lat: '27.5' -> '27.25'" in out
    assert "      location_precision: 'district' -> 'locality'" in out
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {(r["kind"], r["id"]) for r in records} == {
        ("added", "fresh"),
        ("removed", "gone"),
        ("changed", "moved"),
    }


def test_git_revisions_are_read_with_git_show(tmp_path, editions):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    for n, edition in enumerate(editions):
        shutil.copy(edition / "sites.csv", repo / "data" / "sites.csv")
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-qm", f"edition {n}"], check=True)
    result = diff_editions("HEAD~1", "HEAD", repo)
    assert result.counts("sites") == {"added": 1, "removed": 1, "changed": 1}
    with pytest.raises(DiffError, match=r"`nope` is neither a data folder nor a git revision"):
        diff_editions("nope", "HEAD", repo)


def test_release_changes_follow_the_filter(editions, vocabulary):
    old, new = editions
    flt = SiteFilter(minerals=("antimony",))
    assert removed_matching(old, flt, vocabulary) == {"gone"}
    assert removed_matching(old, SiteFilter(minerals=("tungsten",)), vocabulary) == set()
    frame = release_changes(None, old, ["fresh", "moved"], {"gone"}, current=new)
    assert frame.to_dict("records") == [
        {"change": "added", "id": "fresh", "name": "Fresh", "fields": ""},
        {"change": "changed", "id": "moved", "name": "Moved", "fields": "lat; location_precision"},
        {"change": "removed", "id": "gone", "name": "Gone", "fields": ""},
    ]
    only_moved = release_changes(None, old, ["moved"], set(), current=new)
    assert list(only_moved["id"]) == ["moved"]
    assert release_changes(None, None, ["moved"]).empty


def test_release_numbers_name_bundled_editions(capsys):
    assert main(["diff", "1.0.0", "current"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("diff 1.0.0 -> current\nsites: ")
    assert "  ~ parco-mid-country-refinery (" in out


def test_bundled_release_is_numbered_and_keeps_its_predecessor():
    assert data_version(DATA_DIR) == "2.0.0"
    assert previous_release(DATA_DIR).name == "1.0.0"
    changelog = (DATA_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 2.0.0" in changelog and "## 1.0.0" in changelog
    result = diff_folders(previous_release(DATA_DIR), DATA_DIR)
    added = result.counts("sites")["added"]
    assert f"{added} sites added" in changelog
