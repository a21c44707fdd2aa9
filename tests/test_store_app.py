"""The store in the real Streamlit page (AppTest): save an upload, find it in a fresh session,
propose and review corrections, and keep working when the store cannot be reached."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import open_store
from geo.store.auth import hash_password
from layers.text import markdown_literal as md
from tests.conftest import DATA_DIR


# The bundled release's counts, read from the files (they change with each data release).
def _bundled_rows(name: str) -> int:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


N_SITES = _bundled_rows("sites.csv")
N_PROJECTS = _bundled_rows("projects.csv")


ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
BASIC = (ROOT / "tests" / "data" / "basic.csv").read_bytes()
TOKEN = hashlib.sha1(BASIC).hexdigest()[:12]


@pytest.fixture
def store_file(tmp_path, monkeypatch):
    path = tmp_path / "store.gpkg"
    monkeypatch.setenv("ATLAS_STORE", str(path))
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATLAS_REVIEWER_HASH", raising=False)
    return path


def session() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def layers_caption(at) -> str:
    return " ".join(c.value for c in at.caption if c.value.startswith("On the map:"))


def sites_table(at):
    [table] = [d.value for d in at.dataframe if "site_type" in d.value.columns]
    return table


def upload_basic(at) -> AppTest:
    at.file_uploader(key="upload").set_value(("basic.csv", BASIC, "text/csv"))
    return at.run()


def save_upload(at, name: str, by: str) -> AppTest:
    at.text_input(key=f"save_name_{TOKEN}").input(name)
    at.text_area(key=f"save_description_{TOKEN}").input("Four test sites")
    at.text_input(key=f"save_licence_{TOKEN}").input("CC-BY-4.0")
    at.text_input(key=f"save_by_{TOKEN}").input(by)
    return at.button(key=f"save_submit_{TOKEN}").click().run()


def test_saved_upload_is_listed_and_on_the_map_in_a_fresh_session(store_file):
    at = upload_basic(session())
    assert not at.exception
    at = save_upload(at, "Field survey <b>2024</b>", "Ayesha")
    assert not at.exception
    saved = f"Saved “{md('Field survey <b>2024</b>')}”: 4 sites"
    assert any(saved in s.value for s in at.success)

    # The sidebar lists it at once in this session too.
    assert at.multiselect(key="saved_datasets").options == [
        "Field survey <b>2024</b> (4 sites, Ayesha)"
    ]

    fresh = session()  # a new browser session: no upload, nothing in session state
    assert not fresh.exception
    chooser = fresh.multiselect(key="saved_datasets")
    assert chooser.options == ["Field survey <b>2024</b> (4 sites, Ayesha)"]
    assert "Saved dataset" not in layers_caption(fresh)
    fresh = chooser.select("Field survey <b>2024</b>").run()
    assert not fresh.exception
    assert md("Saved dataset: Field survey <b>2024</b> (4)") in layers_caption(fresh)
    table = sites_table(fresh)
    mine = table[table["dataset"] == "saved: Field survey <b>2024</b>"]
    assert sorted(mine["name"]) == sorted(
        ["Test copper prospect", "Test coal mine", "Test salt works", "Test gold placer"]
    )
    # The same filters as everything else: copper keeps the copper prospect only.
    fresh.multiselect(key="minerals").select("copper").run()
    table = sites_table(fresh)
    assert list(table.loc[table["dataset"].str.startswith("saved"), "name"]) == [
        "Test copper prospect"
    ]


def test_correction_proposed_in_the_page_is_reviewed_in_the_cli_and_shown(store_file):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["site"] = "saindak"
    at.run()
    assert not at.exception
    at.selectbox(key="correct_field_saindak").select("status")
    at.text_input(key="correct_value_saindak").input("suspended")
    at.text_input(key="correct_source_saindak").input("https://example.org/saindak")
    at.text_input(key="correct_by_saindak").input("Bilal")
    at.button(key="correct_submit_saindak").click().run()
    assert any("Proposed as correction 1" in s.value for s in at.success)
    # Without a configured credential there is no review panel in the page.
    assert not [t for t in at.text_input if t.key == "reviewer_password"]
    from geo.cli import main

    assert main(["review", "accept", "1", "--reviewer", "Rana", "--store", str(store_file)]) == 0
    after = AppTest.from_file(APP, default_timeout=120)
    after.query_params["site"] = "saindak"
    after.run()
    table = sites_table(after)
    assert table.set_index("id").loc["saindak", "status"] == "suspended"


def test_reviewer_logs_in_and_accepts_in_the_page(store_file, monkeypatch):
    monkeypatch.setenv("ATLAS_REVIEWER_HASH", hash_password("open sesame", iterations=1000))
    store = open_store(store_file)
    store.load_release()
    number = store.propose(
        "saindak", {"status": "closed"}, proposed_by="Zara", source_url="https://example.org/z"
    )
    at = session()
    at.text_input(key="reviewer_name").input("Rana")
    at.text_input(key="reviewer_password").input("wrong")
    at.button(key="reviewer_login_submit").click().run()
    assert any("wrong reviewer password" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == f"review_accept_{number}"]
    at.text_input(key="reviewer_name").input("Rana")
    at.text_input(key="reviewer_password").input("open sesame")
    at.button(key="reviewer_login_submit").click().run()
    assert not at.exception
    at.button(key=f"review_accept_{number}").click().run()
    assert any("now at version 2" in s.value for s in at.success)
    assert sites_table(at).set_index("id").loc["saindak", "status"] == "closed"  # at once
    assert store.site("saindak")["status"] == "closed"
    assert store.corrections("accepted").iloc[0]["reviewed_by"] == "Rana (reviewer password)"
    store.close()


def test_unreachable_database_at_start_shows_bundled_data_and_a_banner(monkeypatch):
    from tests.postgres import free_port

    monkeypatch.setenv(
        "ATLAS_DATABASE_URL", f"postgresql://a:s3cret-pw@127.0.0.1:{free_port()}/atlas"
    )
    at = session()
    assert not at.exception
    [banner] = [w.value for w in at.warning if "unavailable" in w.value]
    assert "Saved datasets and corrections are unavailable" in banner
    assert "cannot be reached" in banner and "s3cret-pw" not in banner
    assert [b for b in at.button if b.key == "store_retry"]
    assert len(sites_table(at)) == N_SITES  # the bundled data, all of it


def test_database_lost_mid_session_keeps_the_import(postgres_server, monkeypatch):
    database = postgres_server.new_database()
    url = postgres_server.url(database)
    store = open_store(url)
    store.init()
    store.load_release()
    monkeypatch.setenv("ATLAS_DATABASE_URL", url)
    at = upload_basic(session())
    assert not at.exception and not [w for w in at.warning if "unavailable" in w.value]
    postgres_server.stop("immediate")
    try:
        at = save_upload(at, "During the outage", "Ayesha")
        assert not at.exception
        [banner] = [w.value for w in at.warning if "unavailable" in w.value]
        assert "cannot be reached" in banner
        assert any("your import stays in this session" in c.value for c in at.caption)
        # The import is still in the session, on the map and in the table.
        assert md("Your data: basic.csv (4)") in layers_caption(at)
        assert (sites_table(at)["dataset"] == "imported: basic.csv").sum() == 4
    finally:
        postgres_server.start()
    assert store.list_datasets() == []  # nothing half-written
    store.close()
