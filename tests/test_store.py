"""The store, the same tests against both backends: the embedded GeoPackage and a real PostGIS
server started by the tests (see tests/postgres.py)."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from geo.ingest.importer import import_sites
from geo.model.atlas import load_atlas
from geo.model.sites import check_sites
from geo.store import (
    ConflictError,
    DatasetExistsError,
    InvalidChangeError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
    StoreUnavailableError,
    open_store,
)
from geo.store.auth import (
    AuthError,
    LockedOutError,
    MemoryAttempts,
    Reviewer,
    ReviewerGate,
    hash_password,
    operator,
)
from geo.store.migrations import latest
from tests.conftest import DATA_DIR


# The bundled release's counts, read from the files (they change with each data release).
def _bundled_rows(name: str) -> int:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


N_SITES = _bundled_rows("sites.csv")
N_PROJECTS = _bundled_rows("projects.csv")


ROOT = Path(__file__).resolve().parents[1]
INJECTION = "x'); DROP TABLE datasets; --"
INJECTIONS = (
    INJECTION,
    "Robert'); DELETE FROM sites WHERE ('1'='1",
    "1; UPDATE corrections SET status='accepted'; --",
    '" OR ""="',
    "\\'; SELECT pg_sleep(5); --",
)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def imported(atlas, name: str, text_: str):
    data = text_.encode("utf-8")
    result = import_sites(
        name, data, vocabulary=atlas.vocabulary, units=atlas.units, bundled=atlas.sites
    )
    return result, data


MIXED = (
    "name,lat,lon,minerals,status,operator,notes\n"
    "Survey pit A,30.1798,66.975,Cu;Au,active,Survey Dept,first row\n"
    "Survey pit B,24.8607,67.0011,lignite,,,\n"
    "Off the map,51.5072,-0.1276,gold,,,outside Pakistan\n"
    "No coordinates,,,coal,,,\n"
    "Survey pit C,34.0151,71.5249,marble;unobtainium,Closed,,kept with a flag\n"
)


def frame_equal(a, b) -> None:
    pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b))


def test_saved_dataset_is_there_in_a_new_session_with_identical_rows_and_rejects(backend, atlas):
    result, data = imported(atlas, "survey.csv", MIXED)
    assert len(result.accepted) == 3 and len(result.rejected) == 2
    first = backend.open()
    info = first.save_dataset(
        result,
        data,
        name="Survey 2024",
        saved_by="Ayesha",
        description="Field survey",
        licence="CC-BY-4.0",
    )
    first.close()

    later = backend.open()  # a new session: nothing shared but the database
    [listed] = later.list_datasets()
    assert listed.name == "Survey 2024" and listed.id == info.id
    assert (listed.file_name, listed.file_size) == ("survey.csv", len(data))
    assert listed.file_sha256 == hashlib.sha256(data).hexdigest()
    assert (listed.rows_read, listed.rows_accepted, listed.rows_rejected) == (5, 3, 2)
    assert (listed.saved_by, listed.licence, listed.description) == (
        "Ayesha",
        "CC-BY-4.0",
        "Field survey",
    )
    saved = later.load_dataset("Survey 2024")
    frame_equal(saved.accepted, result.accepted)
    assert saved.accepted.crs == result.accepted.crs
    assert list(saved.accepted.geometry) == list(result.accepted.geometry)
    frame_equal(saved.rejected, result.rejected)
    assert list(saved.rejected["row"]) == [4, 5]
    assert "outside Pakistan" in saved.rejected.iloc[0]["reason"]
    assert saved.info.mapping == result.mapping
    # Through the same joins as a fresh import: the layer keeps the computed units.
    layer = saved.as_layer()
    assert set(layer["dataset"]) == {"saved: Survey 2024"}
    assert list(layer["unit"]) == list(result.accepted["unit"])


def test_a_second_dataset_with_the_same_name_is_refused(backend, atlas):
    result, data = imported(atlas, "survey.csv", MIXED)
    store = backend.open()
    store.save_dataset(result, data, name="Survey", saved_by="A")
    with pytest.raises(DatasetExistsError, match="a dataset called 'Survey' is already saved"):
        store.save_dataset(result, data, name="Survey", saved_by="B")
    assert len(store.list_datasets()) == 1


def test_bounding_box_query_returns_the_saved_sites_inside(backend, atlas):
    result, data = imported(atlas, "survey.csv", MIXED)
    store = backend.open()
    store.save_dataset(result, data, name="Box", saved_by="A")
    inside = store.load_dataset("Box", bbox=(66.0, 24.0, 68.0, 31.0))
    assert sorted(inside.accepted["name"]) == ["Survey pit A", "Survey pit B"]


def test_proposal_accepted_changes_the_site_and_history_keeps_both_versions(backend):
    store = backend.open()
    store.load_release()
    before = store.site("saindak")
    assert before["version"] == 1 and before["status"] == "operating"
    number = store.propose(
        "saindak",
        {"status": "Suspended", "notes": "Halted in 2025 (test)"},
        proposed_by="Bilal",
        source_url="https://example.org/saindak-2025",
        note="press report",
    )
    [pending] = store.corrections().to_dict("records")
    assert pending["id"] == number and pending["changes"]["status"] == "suspended"
    assert pending["previous"] == {"status": "operating", "notes": before["notes"]}
    assert store.site("saindak")["status"] == "operating"  # pending changes nothing

    version = store.accept(number, operator("Reviewer Rana"))
    assert version == 2
    after = backend.open().site("saindak")
    assert (after["status"], after["notes"], after["version"]) == (
        "suspended",
        "Halted in 2025 (test)",
        2,
    )
    history = store.history("saindak")
    assert list(history["version"]) == [1, 2]
    assert list(history["status"]) == ["operating", "suspended"]
    assert history.iloc[0]["changed_by"] == "data release"
    assert history.iloc[1]["changed_by"] == "Bilal"
    assert history.iloc[1]["changed_fields"] == "status,notes"
    assert history.iloc[1]["change_source"] == "https://example.org/saindak-2025"
    assert store.corrections().empty
    [done] = store.corrections("accepted").to_dict("records")
    assert done["reviewed_by"] == "Reviewer Rana (command line)"
    # The bundled file is never touched.
    bundled, _ = check_sites(ROOT / "data" / "sites.csv")
    assert bundled.set_index("id").loc["saindak", "status"] == "operating"


def test_coordinates_change_moves_the_point_and_views_show_it(backend, tmp_path):
    store = backend.open()
    store.load_release()
    number = store.propose(
        "reko-diq",
        {"lat": "28.9725", "lon": "62.43306"},
        proposed_by="Hina",
        source_url="https://example.org/reko",
    )
    store.accept(number, operator("R"))
    with store.engine.connect() as conn:
        lat, lon = conn.execute(
            text("SELECT lat, lon FROM current_sites WHERE id = 'reko-diq'")
        ).one()
    assert (lat, lon) == (28.9725, 62.43306)
    out = tmp_path / "changes.csv"
    assert store.export_changes(out) == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["id"], r["lat"], r["lon"]) for r in rows] == [("reko-diq", "28.9725", "62.43306")]
    # The export is a valid sites.csv: maintainers can fold it into the next release.
    sites, problems = check_sites(out)
    assert problems == [] and list(sites["id"]) == ["reko-diq"]


def test_a_value_the_data_does_not_accept_is_refused_at_proposal(backend):
    store = backend.open()
    store.load_release()
    with pytest.raises(InvalidChangeError, match="status: found 'booming'"):
        store.propose("saindak", {"status": "booming"}, proposed_by="A", source_url="https://x.org")
    with pytest.raises(InvalidChangeError, match="cannot change \\['id'\\]"):
        store.propose("saindak", {"id": "other"}, proposed_by="A", source_url="https://x.org")
    with pytest.raises(InvalidChangeError, match="http\\(s\\) address"):
        store.propose("saindak", {"status": "closed"}, proposed_by="A", source_url="a friend")
    with pytest.raises(NotFoundError, match="site 'atlantis' is not in"):
        store.propose("atlantis", {"status": "closed"}, proposed_by="A", source_url="https://x.org")
    assert store.corrections(None).empty


def test_two_concurrent_edits_give_one_conflict_and_lose_nothing(backend):
    backend.open().load_release()
    sessions = [backend.open(), backend.open()]
    values = ["closed", "suspended"]
    start = threading.Barrier(2)
    outcomes: list = [None, None]

    def edit(i: int) -> None:
        seen = sessions[i].site("saindak")["version"]
        start.wait()
        try:
            outcomes[i] = sessions[i].update_site(
                "saindak",
                {"status": values[i]},
                expected_version=seen,
                by=f"editor {i}",
                source=f"https://example.org/{i}",
            )
        except ConflictError as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(conflicts) == 1, outcomes
    winner = outcomes.index(2)
    loser = 1 - winner
    message = str(conflicts[0])
    assert f"by editor {winner}" in message and "changed status" in message
    assert "Nothing was overwritten" in message
    assert conflicts[0].other[0]["changed_by"] == f"editor {winner}"
    site = backend.open().site("saindak")
    assert (site["status"], site["version"]) == (values[winner], 2)
    history = backend.open().history("saindak")
    assert list(history["changed_by"]) == ["data release", f"editor {winner}"]
    assert values[loser] not in set(history["status"])


def test_accepting_a_proposal_made_against_an_old_version_is_a_conflict(backend):
    store = backend.open()
    store.load_release()
    first = store.propose(
        "saindak", {"status": "closed"}, proposed_by="A", source_url="https://a.org"
    )
    second = store.propose(
        "saindak", {"operator": "Someone else"}, proposed_by="B", source_url="https://b.org"
    )
    store.accept(first, operator("R1"))
    with pytest.raises(ConflictError, match=r"version 2 by A .* changed status"):
        backend.open().accept(second, operator("R2"))
    assert store.site("saindak")["operator"] != "Someone else"
    [still] = store.corrections().to_dict("records")
    assert still["id"] == second
    # After looking at version 2 the reviewer may accept against it.
    assert store.accept(second, operator("R2"), expected_version=2) == 3
    assert store.site("saindak")["status"] == "closed"
    with pytest.raises(ConflictError, match="already accepted"):
        store.accept(second, operator("R3"))


def test_twenty_threads_saving_at_once_each_dataset_is_complete(backend, atlas):
    rows = "".join(
        f"Thread site {i},{30 + i / 100:.4f},{70 + i / 100:.4f},copper\n" for i in range(40)
    )
    result, data = imported(atlas, "threads.csv", "name,lat,lon,minerals\n" + rows + "Bad,x,y,z\n")
    assert (len(result.accepted), len(result.rejected)) == (40, 1)
    stores = [backend.open() for _ in range(4)]  # several app servers, several sessions each
    errors: list = []

    def save(i: int) -> None:
        try:
            stores[i % 4].save_dataset(result, data, name=f"Thread {i}", saved_by=f"user {i}")
        except StoreError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    reader = backend.open()
    infos = reader.list_datasets()
    assert sorted(i.name for i in infos) == sorted(f"Thread {i}" for i in range(20))
    for info in infos:
        saved = reader.load_dataset(info.name)
        assert len(saved.accepted) == 40 and len(saved.rejected) == 1
        frame_equal(saved.accepted, result.accepted)
    assert reader.status()["dataset_sites"] == 20 * 40


def test_database_lost_mid_save_gives_a_clear_error_and_no_partial_dataset(
    backend, atlas, monkeypatch
):
    result, data = imported(atlas, "survey.csv", MIXED)
    store = backend.open()
    store.save_dataset(result, data, name="Before", saved_by="A")
    original = type(store)._insert_dataset_sites

    def insert_then_fail(self, conn, rows):
        original(self, conn, rows)  # the sites are in, the rejects are not yet
        backend.fail_now(conn)

    monkeypatch.setattr(type(store), "_insert_dataset_sites", insert_then_fail)
    with pytest.raises(StoreUnavailableError, match=r"cannot be (reached|used)") as caught:
        store.save_dataset(result, data, name="Half", saved_by="A")
    assert "password" not in str(caught.value).lower()
    monkeypatch.undo()
    backend.recover()
    fresh = backend.open()
    assert [i.name for i in fresh.list_datasets()] == ["Before"]
    status = fresh.status()
    assert (status["dataset_sites"], status["dataset_rejects"]) == (3, 2)
    with pytest.raises(NotFoundError, match="no saved dataset is called 'Half'"):
        fresh.load_dataset("Half")


def test_unreachable_database_is_a_clear_error_without_the_password(postgres_server):
    from tests.postgres import free_port

    url = f"postgresql://atlas:s3cret-pw@127.0.0.1:{free_port()}/atlas"
    store = open_store(url)
    with pytest.raises(StoreUnavailableError, match="cannot be reached") as caught:
        store.list_datasets()
    assert "s3cret-pw" not in str(caught.value) and "s3cret-pw" not in repr(store)
    store.close()


def test_sql_injection_in_every_text_field_is_stored_verbatim_and_harmless(backend, atlas):
    nasty_rows = "".join(
        f'"{value.replace(chr(34), chr(34) * 2)}",{30 + i / 10},{70 + i / 10},copper,'
        f'"{value.replace(chr(34), chr(34) * 2)}"\n'
        for i, value in enumerate(INJECTIONS)
    )
    result, data = imported(atlas, "inject.csv", "name,lat,lon,minerals,notes\n" + nasty_rows)
    assert list(result.accepted["name"]) == list(INJECTIONS)
    store = backend.open()
    store.load_release()
    for i, value in enumerate(INJECTIONS):
        store.save_dataset(
            result, data, name=value, saved_by=value, description=value, licence=value
        )
        number = store.propose(
            "saindak",
            {"operator": value, "notes": value},
            proposed_by=value,
            source_url=f"https://example.org/?q={i}'--",
            note=value,
        )
        store.reject(number, operator(value), note=value)
    fresh = backend.open()
    assert sorted(i.name for i in fresh.list_datasets()) == sorted(INJECTIONS)
    for value in INJECTIONS:
        saved = fresh.load_dataset(value)
        assert (saved.info.saved_by, saved.info.description, saved.info.licence) == (value,) * 3
        frame_equal(saved.accepted, result.accepted)
    rejected = fresh.corrections("rejected")
    assert list(rejected["note"]) == list(INJECTIONS)
    assert list(rejected["proposed_by"]) == list(INJECTIONS)
    assert [c["operator"] for c in rejected["changes"]] == list(INJECTIONS)
    status = fresh.status()
    assert status["sites"] == N_SITES and status["datasets"] == len(INJECTIONS)
    assert status["corrections_rejected"] == len(INJECTIONS)
    assert fresh.site("saindak")["version"] == 1  # nothing was accepted by a smuggled UPDATE
    # Deleting by an injected name deletes exactly that one dataset.
    fresh.delete_dataset(INJECTION, by=INJECTION)
    assert len(fresh.list_datasets()) == len(INJECTIONS) - 1


def test_reviewer_actions_are_refused_without_the_credential(backend, atlas):
    store = backend.open()
    store.load_release()
    number = store.propose(
        "saindak", {"status": "closed"}, proposed_by="A", source_url="https://a.org"
    )
    for pretender in (None, "admin", {"name": "admin"}):
        with pytest.raises(PermissionDeniedError, match="needs the reviewer credential"):
            store.accept(number, pretender)
        with pytest.raises(PermissionDeniedError, match="needs the reviewer credential"):
            store.reject(number, pretender)
    with pytest.raises(AuthError, match="made only by logging in"):
        Reviewer("forger", "reviewer password", object())
    assert store.site("saindak")["version"] == 1
    assert list(store.corrections()["id"]) == [number]

    result, data = imported(atlas, "survey.csv", MIXED)
    store.save_dataset(result, data, name="Ayesha's", saved_by="Ayesha")
    with pytest.raises(PermissionDeniedError, match="which Ayesha saved, needs the reviewer"):
        store.delete_dataset("Ayesha's", by="Bilal")
    assert [i.name for i in store.list_datasets()] == ["Ayesha's"]

    # With the credential configured, a login is a reviewer; a wrong password is not.
    gate = ReviewerGate(hash_password("correct horse", iterations=1000), store)
    with pytest.raises(AuthError, match="wrong reviewer password"):
        gate.login("Rana", "guess")
    reviewer = gate.login("Rana", "correct horse")
    store.delete_dataset("Ayesha's", by="Rana", reviewer=reviewer)
    assert store.list_datasets() == []
    assert store.accept(number, reviewer) == 2


def test_reviewer_login_locks_out_after_repeated_failures_on_every_server(backend):
    encoded = hash_password("s3cret", iterations=1000)
    one, two = ReviewerGate(encoded, backend.open()), ReviewerGate(encoded, backend.open())
    for attempt in range(5):
        with pytest.raises(AuthError, match="wrong reviewer password"):
            (one if attempt % 2 else two).login("Mallory", f"guess {attempt}")
    for gate in (one, two):
        with pytest.raises(LockedOutError, match="locked for 15 minutes"):
            gate.login("Rana", "s3cret")  # even the right password, on either server


def test_reviewer_gate_without_a_credential_points_to_the_cli():
    gate = ReviewerGate(None, MemoryAttempts())
    assert not gate.configured
    with pytest.raises(AuthError, match=r"no reviewer credential is configured.*geo review"):
        gate.login("Rana", "anything")
    with pytest.raises(AuthError, match="ATLAS_REVIEWER_HASH is set but is not a hash") as caught:
        ReviewerGate("plaintext-password", MemoryAttempts())
    assert "plaintext-password" not in str(caught.value)


def test_lockout_expires_after_the_window():
    clock = [1_000_000.0]
    attempts = MemoryAttempts(clock=lambda: clock[0])
    gate = ReviewerGate(hash_password("pw", iterations=1000), attempts, clock=lambda: clock[0])
    for _ in range(5):
        with pytest.raises(AuthError):
            gate.login("x", "no")
    with pytest.raises(LockedOutError):
        gate.login("x", "pw")
    clock[0] += 15 * 60 + 1
    assert gate.login("x", "pw").name == "x"


def test_two_app_servers_see_each_others_saves_and_corrections(backend, atlas, tmp_path):
    server_a, server_b = backend.open(), backend.open()
    server_a.load_release()
    result, data = imported(atlas, "survey.csv", MIXED)
    server_a.save_dataset(result, data, name="From A", saved_by="A")
    assert [i.name for i in server_b.list_datasets()] == ["From A"]
    number = server_b.propose(
        "saindak", {"status": "closed"}, proposed_by="B", source_url="https://b.org"
    )
    server_a.accept(number, operator("R"))
    assert [c["status"] for c in server_b.changed_sites()] == ["closed"]
    # A separate process (the CLI) on the same database, saving through the same importer.
    upload = tmp_path / "basic.csv"
    upload.write_bytes((ROOT / "tests" / "data" / "basic.csv").read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "datasets",
            "save",
            str(upload),
            "--name",
            "From CLI",
            "--saved-by",
            "C",
            "--store",
            backend.target,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "accepted 4, rejected 0" in done.stdout
    names = sorted(i.name for i in server_a.list_datasets())
    assert names == ["From A", "From CLI"]
    assert len(server_b.load_dataset("From CLI").accepted) == 4


def test_init_and_load_are_re_runnable(backend):
    store = backend.open()
    assert store.init() == []
    assert store.schema_version() == latest(backend.name)
    first = store.load_release()
    assert (first["sites_added"], first["projects"], first["units"], first["minerals"]) == (
        N_SITES,
        N_PROJECTS,
        7,
        40,
    )
    number = store.propose(
        "saindak", {"status": "closed"}, proposed_by="A", source_url="https://a.org"
    )
    store.accept(number, operator("R"))
    again = backend.open().load_release()
    assert (again["sites_added"], again["sites_unchanged"], again["sites_kept"]) == (
        0,
        N_SITES - 1,
        1,
    )
    assert store.site("saindak")["status"] == "closed"  # a reload never undoes a review
    status = store.status()
    assert status["sites"] == N_SITES and status["site_versions"] == N_SITES + 1


def test_postgis_schema_has_srid_4326_gist_indexes_and_views(postgis_backend):
    backend = postgis_backend
    store = backend.open()
    with store.engine.connect() as conn:
        srids = dict(
            conn.execute(
                text(
                    "SELECT f_table_name, srid FROM geometry_columns WHERE f_geometry_column = 'geom'"
                )
            ).all()
        )
        gist = {
            r[0]
            for r in conn.execute(
                text("SELECT tablename FROM pg_indexes WHERE indexdef ILIKE '%USING gist%'")
            )
        }
        views = {r[0] for r in conn.execute(text("SELECT viewname FROM pg_views"))}
    for table in ("sites", "site_versions", "dataset_sites", "release_projects", "release_units"):
        assert srids[table] == 4326 and table in gist
    assert {"current_sites", "saved_sites", "pending_corrections"} <= views
    assert srids["current_sites"] == 4326


def test_embedded_store_is_a_geopackage_that_gdal_reads(embedded_backend, atlas):
    import pyogrio

    backend = embedded_backend
    store = backend.open()
    store.load_release()
    result, data = imported(atlas, "survey.csv", MIXED)
    store.save_dataset(result, data, name="Layer", saved_by="A")
    number = store.propose(
        "saindak", {"status": "closed"}, proposed_by="A", source_url="https://a.org"
    )
    store.accept(number, operator("R"))
    layers = dict(pyogrio.list_layers(backend.target))
    assert layers["current_sites"] == "Point" and layers["saved_sites"] == "Point"
    current = pyogrio.read_dataframe(backend.target, layer="current_sites")
    assert current.crs.to_epsg() == 4326 and len(current) == N_SITES
    assert current.set_index("id").loc["saindak", "status"] == "closed"
    saved = pyogrio.read_dataframe(backend.target, layer="saved_sites")
    assert list(saved["name"]) == list(result.accepted["name"])
    assert list(saved.geometry) == list(result.accepted.geometry)


def test_least_privilege_app_role_can_do_its_work_and_nothing_more(postgis_backend, atlas):
    backend = postgis_backend
    from geo.store.postgis import app_role_grants

    owner = backend.open()
    owner.load_release()
    server = backend.server
    database = backend.target.rsplit("/", 1)[1]
    role = f"atlas_app_{database}"
    server.execute(
        database,
        f"CREATE ROLE {role} LOGIN PASSWORD 'app-pw'",
        *app_role_grants(role, database),
    )
    app = open_store(server.url(database, role, "app-pw"))
    result, data = imported(atlas, "survey.csv", MIXED)
    app.save_dataset(result, data, name="By the app", saved_by="A")
    number = app.propose(
        "saindak", {"status": "closed"}, proposed_by="A", source_url="https://a.org"
    )
    app.accept(number, operator("R"))
    app.delete_dataset("By the app", by="A")
    ReviewerGate(hash_password("pw", iterations=1000), app).login("R", "pw")
    assert app.status()["corrections_accepted"] == 1
    with (
        pytest.raises(PermissionDeniedError, match="permission denied"),
        app.engine.begin() as conn,
    ):
        try:
            conn.execute(text("DELETE FROM site_versions"))
        except DBAPIError as exc:
            raise app._translate(exc) from exc
    with pytest.raises(PermissionDeniedError, match="permission denied"):
        app.init()  # no DDL for the app's role
    app.close()


def test_store_site_columns_follow_the_field_registry(backend):
    """A field added to geo/model/fields.py needs a store migration too; this says so."""
    from sqlalchemy import inspect

    from geo.model import fields

    store = backend.open()
    with store.engine.connect() as conn:
        columns = [c["name"] for c in inspect(conn).get_columns("sites")]
    bookkeeping = {"fid", "version", "changed_by", "changed_at", "change_source", "geom"}
    assert [c for c in columns if c not in bookkeeping] == list(fields.site_columns())


def test_corrected_coordinates_move_the_site_and_its_project_in_the_atlas(backend, atlas):
    from geo.store.overlay import with_corrections

    store = backend.open()
    store.load_release()
    [project] = [p for _, p in atlas.projects.iterrows() if "reko-diq" in p["site_ids"]][:1]
    number = store.propose(
        "reko-diq",
        {"lat": "28.9725", "lon": "62.43306"},
        proposed_by="H",
        source_url="https://a.org",
    )
    store.accept(number, operator("R"))
    corrected = with_corrections(atlas, store.changed_sites())
    site = corrected.sites.set_index("id").loc["reko-diq"]
    assert (site["lat"], site["lon"], site["unit"]) == (28.9725, 62.43306, "Balochistan")
    assert list(corrected.sites["id"]) == list(atlas.sites["id"])
    moved = corrected.projects.set_index("id").loc[project["id"]].geometry
    assert any((p.x, p.y) == (62.43306, 28.9725) for p in moved.geoms)
    assert corrected.infrastructure is atlas.infrastructure  # the other layers come along
    # The bundled atlas object is untouched.
    assert atlas.sites.set_index("id").loc["reko-diq", "lat"] == 29.129722
