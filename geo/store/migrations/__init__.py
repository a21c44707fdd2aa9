"""Versioned schema migrations, one folder per backend (``NNNN_name.sql``).

``python -m geo db init`` applies the ones a database has not had yet, in order, in one
transaction, and records each in ``atlas_migrations``; running it again changes nothing.
A new migration is a new file with the next number; an applied file is never edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

TABLE = "atlas_migrations"
_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def statements(self) -> list[str]:
        """The file's statements: comment lines dropped, split at a ';' that ends a line."""
        lines = [line for line in self.sql.splitlines() if not line.lstrip().startswith("--")]
        parts = re.split(r";[ \t]*$", "\n".join(lines), flags=re.MULTILINE)
        return [p.strip() for p in parts if p.strip()]


def migrations(backend: str) -> list[Migration]:
    """Every migration of ``backend`` ("postgis" or "embedded"), oldest first."""
    folder = resources.files(__package__) / backend
    found = []
    for entry in folder.iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{backend} migrations are not numbered 1..n: {versions}")
    return found


def latest(backend: str) -> int:
    """The newest migration number of ``backend``."""
    return migrations(backend)[-1].version
