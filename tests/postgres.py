"""A real PostgreSQL + PostGIS server for the store tests, started and stopped by the tests.

Debian's ``postgresql`` and ``postgis`` packages provide the binaries (.ci/run installs them when
missing). The server runs from a temporary directory on a free localhost port with trust
authentication, listens on nothing else, and is removed afterwards. PostgreSQL refuses to run as
root, so under root (as in CI) it runs as the ``postgres`` system user (or ``nobody``) with the
directory handed to that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

PG_BIN_SETTING = "ATLAS_PG_BIN"
SUPERUSER = "atlas"
TEMPLATE = "atlas_template"


def _skip_or_fail(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run should have installed the postgresql and postgis packages")
    pytest.skip(f"{reason} (sudo apt-get install -y postgresql postgis)")


def pg_bin() -> Path:
    """The folder with initdb/pg_ctl; skips the test (fails it when CI=true) if there is none."""
    configured = os.environ.get(PG_BIN_SETTING)
    candidates = [configured] if configured else []
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            version = Path(folder).parent.name
            control = Path(f"/usr/share/postgresql/{version}/extension/postgis.control")
            if not control.exists():
                _skip_or_fail(f"PostGIS is not installed for PostgreSQL {version}")
            return Path(folder)
    return _skip_or_fail("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One throw-away cluster; ``url(db)`` gives a connection URL for one of its databases."""

    def __init__(self) -> None:
        self.bin = pg_bin()
        self.root = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    account = pwd.getpwnam(name)
                except KeyError:
                    continue
                self.user = name
                os.chown(self.root, account.pw_uid, account.pw_gid)
                break
            else:
                pytest.fail("running as root and no unprivileged user to run PostgreSQL as")
        self._databases = 0

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        full = [str(self.bin / command[0]), *command[1:]]
        if self.user:
            full = ["runuser", "-u", self.user, "--", *full]
        result = subprocess.run(full, capture_output=True, text=True, cwd=self.root, timeout=120)
        if check and result.returncode != 0:
            log = (
                (self.root / "server.log").read_text()
                if (self.root / "server.log").exists()
                else ""
            )
            raise RuntimeError(
                f"{' '.join(command)} failed ({result.returncode}): {result.stderr}\n{log[-2000:]}"
            )
        return result

    def start(self) -> None:
        if not self.data.exists():
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C.UTF-8",
            )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    @property
    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def url(self, database: str, user: str = SUPERUSER, password: str = "") -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def execute(self, database: str, *statements: str) -> None:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def new_database(self) -> str:
        """A fresh database with PostGIS (copied from a template made once)."""
        if self._databases == 0:
            self.execute("postgres", f"CREATE DATABASE {TEMPLATE}")
            self.execute(TEMPLATE, "CREATE EXTENSION postgis")
        self._databases += 1
        name = f"atlas_test_{self._databases}"
        self.execute("postgres", f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return name

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
