"""``python -m geo db|datasets|review`` against both backends: the same answers as the store."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import geopandas as gpd
import pytest

from geo.cli import main
from geo.store import default_store_path, store_target
from geo.store.auth import ReviewerGate, hash_password
from tests.conftest import DATA_DIR


# The bundled release's counts, read from the files (they change with each data release).
def _bundled_rows(name: str) -> int:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


N_SITES = _bundled_rows("sites.csv")
N_PROJECTS = _bundled_rows("projects.csv")


CORPUS = Path(__file__).resolve().parent / "data"


def geo(capsys, backend, *args: str) -> tuple[int, str, str]:
    try:
        code = main([*args, "--store", backend.target])
    except SystemExit as exc:  # bad input: one line, status 2
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_db_init_load_status_are_re_runnable_and_report_counts(backend, capsys):
    code, out, _ = geo(capsys, backend, "db", "init")
    assert code == 0 and "schema already up to date" in out and "schema version 1" in out
    code, out, _ = geo(capsys, backend, "db", "load")
    assert code == 0
    assert f"sites: {N_SITES} in the release; {N_SITES} added, 0 updated, 0 unchanged" in out
    assert f"projects: {N_PROJECTS}, boundary units: 7, minerals: 40" in out
    code, out, _ = geo(capsys, backend, "db", "load")
    assert f"0 added, 0 updated, {N_SITES} unchanged" in out
    code, out, _ = geo(capsys, backend, "db", "status")
    assert code == 0
    assert f"({backend.name})" in out
    for line in (
        "schema_version: 1",
        f"sites: {N_SITES}",
        f"site_versions: {N_SITES}",
        "datasets: 0",
    ):
        assert line in out.splitlines()


def test_datasets_save_list_show_export_delete(backend, capsys, tmp_path):
    source = CORPUS / "swapped.csv"
    code, out, err = geo(
        capsys,
        backend,
        "datasets",
        "save",
        str(source),
        "--name",
        "Swapped survey",
        "--saved-by",
        "Ayesha",
        "--licence",
        "CC-BY-4.0",
        "--description",
        "two rows swapped",
    )
    assert code == 0, err
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    assert f"saved 'Swapped survey' (id 1): read 3, accepted 1, rejected 2; sha256 {sha}" in out
    code, out, _ = geo(capsys, backend, "datasets", "list")
    assert "Swapped survey\t1 sites\t2 rejected\tby Ayesha" in out
    assert out.rstrip().endswith("1 saved dataset(s) in " + backend.open().display)
    code, out, _ = geo(capsys, backend, "datasets", "show", "Swapped survey")
    assert f"file_sha256: {sha}" in out and "licence: CC-BY-4.0" in out
    assert "row 3 rejected: latitude and longitude look swapped" in out
    target, rejects = tmp_path / "out.geojson", tmp_path / "rejects.csv"
    code, out, _ = geo(
        capsys,
        backend,
        "datasets",
        "export",
        "Swapped survey",
        "-o",
        str(target),
        "--rejects",
        str(rejects),
    )
    assert code == 0
    exported = gpd.read_file(target)
    assert list(exported["name"]) == ["Test correct"]
    assert list(exported["dataset"]) == ["saved: Swapped survey"]
    assert [r["row"] for r in csv.DictReader(rejects.open())] == ["3", "4"]
    code, _, err = geo(capsys, backend, "datasets", "delete", "Swapped survey", "--by", "Bilal")
    assert code == 2 and "which Ayesha saved, needs the reviewer credential" in err
    code, out, _ = geo(capsys, backend, "datasets", "delete", "Swapped survey", "--by", "Ayesha")
    assert code == 0 and "deleted 'Swapped survey'" in out
    code, _, err = geo(capsys, backend, "datasets", "show", "Swapped survey")
    assert code == 2 and "no saved dataset is called 'Swapped survey'" in err


def test_review_propose_list_accept_reject_history_and_export_changes(backend, capsys, tmp_path):
    geo(capsys, backend, "db", "load")
    code, out, err = geo(
        capsys,
        backend,
        "review",
        "propose",
        "saindak",
        "--set",
        "status=closed",
        "--by",
        "Bilal",
        "--source-url",
        "https://example.org/closed",
        "--note",
        "report",
    )
    assert code == 0, err
    assert "proposed correction 1 to saindak (pending review)" in out
    geo(
        capsys,
        backend,
        "review",
        "propose",
        "saindak",
        "--set",
        "operator=Nobody",
        "--by",
        "Zara",
        "--source-url",
        "https://example.org/op",
    )
    code, out, _ = geo(capsys, backend, "review", "list")
    assert "1\tpending\tsaindak (Saindak copper-gold mine)\tstatus: 'operating' -> 'closed'" in out
    assert out.rstrip().endswith("2 correction(s)")
    code, out, _ = geo(capsys, backend, "review", "accept", "1", "--reviewer", "Rana")
    assert code == 0 and "the site is now at version 2" in out
    code, _, err = geo(capsys, backend, "review", "accept", "2", "--reviewer", "Rana")
    assert code == 1 and "was changed by someone else since version 1" in err
    code, out, _ = geo(capsys, backend, "review", "reject", "2", "--reviewer", "Rana")
    assert code == 0 and "rejected correction 2" in out
    code, out, _ = geo(capsys, backend, "review", "history", "saindak")
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "data release" in lines[0]
    assert "Bilal\tstatus\thttps://example.org/closed" in lines[1]
    changes = tmp_path / "changes.csv"
    code, out, _ = geo(capsys, backend, "db", "export-changes", "-o", str(changes))
    assert code == 0 and "wrote 1 changed site(s)" in out
    [row] = list(csv.DictReader(changes.open(encoding="utf-8")))
    assert (row["id"], row["status"]) == ("saindak", "closed")


def test_bad_proposal_is_one_clear_line(backend, capsys):
    geo(capsys, backend, "db", "load")
    code, _, err = geo(
        capsys,
        backend,
        "review",
        "propose",
        "saindak",
        "--set",
        "status=booming",
        "--by",
        "A",
        "--source-url",
        "https://a.org",
    )
    assert code == 2 and "status: found 'booming', expected one of operating" in err
    assert len(err.strip().splitlines()) == 1


def test_hash_password_makes_a_hash_the_gate_accepts(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("long pass phrase\n"))
    assert main(["review", "hash-password"]) == 0
    encoded = capsys.readouterr().out.strip()
    assert encoded.startswith("pbkdf2_sha256$600000$") and "long pass phrase" not in encoded
    from geo.store.auth import MemoryAttempts

    assert ReviewerGate(encoded, MemoryAttempts()).login("R", "long pass phrase").name == "R"
    assert hash_password("x", iterations=1000) != hash_password("x", iterations=1000)  # salted


def test_store_setting_defaults_outside_the_checkout(monkeypatch, tmp_path):
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATLAS_STORE", raising=False)
    root = Path(__file__).resolve().parents[1]
    default = default_store_path()
    assert store_target() == str(default)
    assert root not in default.parents and default.suffix == ".gpkg"
    monkeypatch.setenv("ATLAS_STORE", str(tmp_path / "mine.gpkg"))
    assert store_target() == str(tmp_path / "mine.gpkg")
    monkeypatch.setenv("ATLAS_DATABASE_URL", "postgresql://u@h/db")
    assert store_target() == "postgresql://u@h/db"


def test_unreachable_team_database_is_one_line_without_password(capsys, postgres_server):
    from tests.postgres import free_port

    url = f"postgresql://atlas:pw-123@127.0.0.1:{free_port()}/atlas"
    for command in (["db", "status"], ["datasets", "list"]):
        assert main([*command, "--store", url]) == 1
        out = capsys.readouterr()
        assert "cannot be reached" in out.err and "pw-123" not in out.err + out.out
        assert len(out.err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["db", "load"], ["datasets", "list"], ["review", "list"]])
def test_postgis_without_schema_says_run_db_init(postgres_server, capsys, command):
    url = postgres_server.url(postgres_server.new_database())
    assert main([*command, "--store", url]) == 1
    assert "run `python -m geo db init`" in capsys.readouterr().err
