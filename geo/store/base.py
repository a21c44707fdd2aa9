"""The store's behaviour, written once for both backends (SQLAlchemy Core, bound parameters only).

A backend (embedded.py, postgis.py) says how a geometry is bound and read, how many rows are
inserted at once, and how its driver's errors read; everything else (datasets, corrections,
versions, conflicts, the release) is here so that the two cannot drift apart.

Every write is one transaction: a dataset is saved with all its rows or not at all, and a
correction is accepted together with its new site version or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Connection, Engine, text
from sqlalchemy import exc as sa_exc

from geo.ingest.importer import ImportResult
from geo.model.atlas import load_atlas
from geo.model.crs import WGS84
from geo.model.sites import COLUMNS as SITE_COLUMNS
from geo.model.sites import check_site_row
from geo.model.table import read_records
from geo.model.vocabulary import Vocabulary, load_vocabulary
from geo.paths import data_dir
from geo.store import migrations
from geo.store.auth import Reviewer, is_reviewer
from geo.store.errors import (
    ConflictError,
    DatasetExistsError,
    InvalidChangeError,
    NotFoundError,
    PermissionDeniedError,
    SchemaError,
    StoreError,
    StoreUnavailableError,
)

# Fields a correction may change: every sites.csv column but the id.
EDITABLE = tuple(c for c in SITE_COLUMNS if c != "id")
RELEASE = "data release"
RELEASE_SOURCE = "data/sites.csv"
MAX_TEXT = {"name": 200, "saved_by": 100, "licence": 200, "description": 5000, "note": 5000}
_SITE_SELECT = ", ".join([*SITE_COLUMNS, "version", "changed_by", "changed_at", "change_source"])


@dataclass(frozen=True)
class DatasetInfo:
    """What a saved dataset is: its description and the original file's fingerprint."""

    id: int
    name: str
    description: str
    licence: str
    saved_by: str
    saved_at: str
    file_name: str
    file_size: int
    file_sha256: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    mapping: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SavedDataset:
    info: DatasetInfo
    accepted: gpd.GeoDataFrame  # exactly the importer's accepted frame
    rejected: pd.DataFrame  # exactly the importer's rejects report

    def as_layer(self) -> gpd.GeoDataFrame:
        """The accepted sites labelled as this saved dataset, ready for ``combine_sites``."""
        return self.accepted.assign(dataset=f"saved: {self.info.name}")


def now() -> str:
    """The current UTC time as ISO 8601 with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _iso(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return "" if value is None else str(value)


def _number_text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return repr(float(value))


def _bounded(what: str, value: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidChangeError(f"`{what}` is empty; it is needed")
    limit = MAX_TEXT.get(what, 2000)
    if len(value) > limit:
        raise InvalidChangeError(f"`{what}` has {len(value)} characters; at most {limit}")
    return value


def _frame_spec(frame: pd.DataFrame) -> list[list[str]]:
    return [[str(c), str(t)] for c, t in frame.dtypes.items()]


def _rebuild(records: list[dict], spec: list[list[str]]) -> pd.DataFrame:
    columns = [c for c, _ in spec]
    frame = pd.DataFrame(records, columns=columns)
    for column, dtype in spec:
        if dtype != "geometry" and str(frame[column].dtype) != dtype:
            frame[column] = frame[column].astype(dtype)
    return frame


class SqlStore:
    """Saved datasets, corrections with review, site history; see the module docstring."""

    backend = ""
    # How a bound ``:geom`` parameter becomes a geometry in SQL.
    geom_sql = ":geom"

    def __init__(self, engine: Engine, display: str):
        self.engine = engine
        self.display = display  # where the store is, never with a password
        self._vocabulary: Vocabulary | None = None

    # ---- backend hooks ---------------------------------------------------------------------
    def _geom(self, shape) -> object | None:
        raise NotImplementedError

    def _shape(self, value):
        raise NotImplementedError

    def _shapes(self, values: list) -> list:
        """Stored geometries as shapely ones (backends may do it in one call)."""
        return [self._shape(v) for v in values]

    def _translate(self, exc: sa_exc.DBAPIError) -> StoreError:
        raise NotImplementedError

    def _migration_lock(self, conn: Connection) -> None:
        """Makes two servers running ``db init`` at once take turns."""

    def _insert_dataset_sites(self, conn: Connection, rows: list[dict]) -> None:
        """Insert saved sites; each row's ``geom`` is a shapely geometry."""
        self._insert_many(
            conn, "dataset_sites", [{**r, "geom": self._geom(r["geom"])} for r in rows]
        )

    def _read_dataset_sites(
        self, conn: Connection, dataset_id: int, bbox: tuple[float, float, float, float] | None
    ) -> list[tuple[str, object]]:
        raise NotImplementedError

    # ---- plumbing --------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.display}>"

    def close(self) -> None:
        """Close the connection pool (the store can be opened again)."""
        self.engine.dispose()

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa_exc.DBAPIError as exc:
            raise self._translate(exc) from exc
        except sa_exc.TimeoutError as exc:
            raise StoreUnavailableError(
                f"{self.display} is too busy: no connection became free ({exc})"
            ) from exc

    def _insert_many(self, conn: Connection, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        columns = [c for c in rows[0] if c != "geom"]
        values = [f":{c}" for c in columns]
        if "geom" in rows[0]:
            columns.append("geom")
            values.append(self.geom_sql)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)})"
        conn.execute(text(sql), rows)

    @property
    def vocabulary(self) -> Vocabulary:
        """The mineral vocabulary corrections are checked against."""
        if self._vocabulary is None:
            self._vocabulary = load_vocabulary(data_dir() / "minerals.csv")
        return self._vocabulary

    # ---- schema ------------------------------------------------------------------------------
    def init(self) -> list[str]:
        """Apply the migrations this database has not had; return their names."""
        done = []
        with self._tx() as conn:
            self._migration_lock(conn)
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {migrations.TABLE} (version integer PRIMARY KEY, "
                    "name text NOT NULL, applied_at text NOT NULL)"
                )
            )
            applied = {r[0] for r in conn.execute(text(f"SELECT version FROM {migrations.TABLE}"))}
            for migration in migrations.migrations(self.backend):
                if migration.version in applied:
                    continue
                for statement in migration.statements:
                    conn.exec_driver_sql(statement)
                conn.execute(
                    text(
                        f"INSERT INTO {migrations.TABLE} (version, name, applied_at) "
                        "VALUES (:v, :n, :at)"
                    ),
                    {"v": migration.version, "n": migration.name, "at": now()},
                )
                done.append(f"{migration.version:04d}_{migration.name}")
        return done

    def schema_version(self) -> int:
        """The newest migration applied (0 for an empty database)."""
        try:
            with self._tx() as conn:
                return int(
                    conn.execute(text(f"SELECT max(version) FROM {migrations.TABLE}")).scalar() or 0
                )
        except SchemaError:
            return 0

    def require_schema(self) -> None:
        """Raise SchemaError unless the database has the latest schema."""
        version, latest = self.schema_version(), migrations.latest(self.backend)
        if version < latest:
            raise SchemaError(
                f"{self.display} has schema version {version}, the atlas needs {latest}: "
                "run `python -m geo db init` (as the database owner)"
            )

    def status(self) -> dict[str, int]:
        """Schema version and row counts."""
        version = self.schema_version()
        out = {"schema_version": version, "schema_latest": migrations.latest(self.backend)}
        if version == 0:
            return out
        queries = {
            "sites": "SELECT count(*) FROM sites",
            "site_versions": "SELECT count(*) FROM site_versions",
            "corrected_sites": "SELECT count(*) FROM sites WHERE change_source <> :release",
            "corrections_pending": "SELECT count(*) FROM corrections WHERE status = 'pending'",
            "corrections_accepted": "SELECT count(*) FROM corrections WHERE status = 'accepted'",
            "corrections_rejected": "SELECT count(*) FROM corrections WHERE status = 'rejected'",
            "datasets": "SELECT count(*) FROM datasets",
            "dataset_sites": "SELECT count(*) FROM dataset_sites",
            "dataset_rejects": "SELECT count(*) FROM dataset_rejects",
            "projects": "SELECT count(*) FROM release_projects",
            "units": "SELECT count(*) FROM release_units",
            "minerals": "SELECT count(*) FROM release_minerals",
        }
        with self._tx() as conn:
            for key, sql in queries.items():
                out[key] = int(conn.execute(text(sql), {"release": RELEASE_SOURCE}).scalar() or 0)
        return out

    # ---- the bundled release -------------------------------------------------------------------
    def load_release(self, folder: Path | None = None) -> dict[str, int]:
        """Load the release in ``folder`` (default: the bundled data): sites, projects, boundary
        units and the mineral vocabulary. Idempotent: a site already in the store is updated
        only if no accepted correction changed it (its corrections win); returns counts."""
        folder = Path(folder or data_dir())
        atlas = load_atlas(folder)  # raises DataValidationError on any bad row
        records = list(read_records(folder / "sites.csv", SITE_COLUMNS, []))
        geometry = dict(zip(atlas.sites["id"], atlas.sites.geometry, strict=True))
        counts = {"sites_added": 0, "sites_updated": 0, "sites_unchanged": 0, "sites_kept": 0}
        stamp = now()
        with self._tx() as conn:
            current = {
                r["id"]: r
                for r in conn.execute(text(f"SELECT {_SITE_SELECT} FROM sites")).mappings()
            }
            for record in records:
                cells = self._cells(record.cells)
                old = current.get(cells["id"])
                shape = geometry.get(cells["id"])
                if old is None:
                    self._write_site(conn, cells, shape, 1, RELEASE, stamp, RELEASE_SOURCE)
                    self._write_version(conn, cells, shape, 1, RELEASE, stamp, "", RELEASE_SOURCE)
                    counts["sites_added"] += 1
                    continue
                old_cells = self._cells(old)
                if old_cells == cells:
                    counts["sites_unchanged"] += 1
                elif old["change_source"] != RELEASE_SOURCE:
                    counts["sites_kept"] += 1
                else:
                    changed = [c for c in EDITABLE if old_cells[c] != cells[c]]
                    version = int(old["version"]) + 1
                    self._update_site(
                        conn, cells, shape, int(old["version"]), RELEASE, stamp, RELEASE_SOURCE
                    )
                    self._write_version(
                        conn,
                        cells,
                        shape,
                        version,
                        RELEASE,
                        stamp,
                        ",".join(changed),
                        RELEASE_SOURCE,
                    )
                    counts["sites_updated"] += 1
            conn.execute(text("DELETE FROM release_minerals"))
            conn.execute(text("DELETE FROM release_projects"))
            conn.execute(text("DELETE FROM release_units"))
            minerals = list(read_records(folder / "minerals.csv", (), []))
            self._insert_many(
                conn,
                "release_minerals",
                [
                    {
                        "id": r.cells["id"],
                        "name": r.cells["name"],
                        "properties": json.dumps(r.cells),
                    }
                    for r in minerals
                ],
            )
            project_geometry = dict(zip(atlas.projects["id"], atlas.projects.geometry, strict=True))
            projects = list(read_records(folder / "projects.csv", (), []))
            self._insert_many(
                conn,
                "release_projects",
                [
                    {
                        "id": r.cells["id"],
                        "name": r.cells["name"],
                        "status": r.cells.get("status", ""),
                        "properties": json.dumps(r.cells),
                        "geom": self._geom(project_geometry.get(r.cells["id"])),
                    }
                    for r in projects
                ],
            )
            units = atlas.units.to_crs(WGS84)
            self._insert_many(
                conn,
                "release_units",
                [
                    {
                        "name": name,
                        "area_km2": float(area) if pd.notna(area) else None,
                        "geom": self._geom(_multi(shape)),
                    }
                    for name, area, shape in zip(
                        units["name"],
                        units["area_km2"] if "area_km2" in units else [None] * len(units),
                        units.geometry,
                        strict=True,
                    )
                ],
            )
        counts.update(
            projects=len(projects), units=len(units), minerals=len(minerals), sites=len(records)
        )
        return counts

    # ---- sites -------------------------------------------------------------------------------
    @staticmethod
    def _cells(source) -> dict[str, str]:
        """A site as sites.csv text cells (lat/lon as the shortest exact decimal)."""
        out = {}
        for column in SITE_COLUMNS:
            value = source.get(column, "")
            if column in ("lat", "lon"):
                value = _number_text(float(value)) if value not in ("", None) else ""
            out[column] = "" if value is None else str(value)
        return out

    def _site_params(self, cells: dict[str, str], shape) -> dict:
        params = {c: cells[c] for c in SITE_COLUMNS}
        for axis in ("lat", "lon"):
            params[axis] = float(cells[axis]) if cells[axis] else None
        params["geom"] = self._geom(shape)
        return params

    def _write_site(self, conn, cells, shape, version, by, at, source) -> None:
        params = self._site_params(cells, shape)
        params.update(version=version, changed_by=by, changed_at=at, change_source=source)
        columns = [*SITE_COLUMNS, "version", "changed_by", "changed_at", "change_source"]
        conn.execute(
            text(
                f"INSERT INTO sites ({', '.join(columns)}, geom) VALUES "
                f"({', '.join(':' + c for c in columns)}, {self.geom_sql})"
            ),
            params,
        )

    def _update_site(self, conn, cells, shape, expected, by, at, source) -> int:
        params = self._site_params(cells, shape)
        params.update(expected=expected, changed_by=by, changed_at=at, change_source=source)
        assignments = ", ".join(f"{c} = :{c}" for c in EDITABLE)
        result = conn.execute(
            text(
                f"UPDATE sites SET {assignments}, geom = {self.geom_sql}, version = version + 1, "
                "changed_by = :changed_by, changed_at = :changed_at, "
                "change_source = :change_source WHERE id = :id AND version = :expected"
            ),
            params,
        )
        return result.rowcount

    def _write_version(
        self, conn, cells, shape, version, by, at, changed, source, note="", correction=None
    ) -> None:
        params = self._site_params(cells, shape)
        params["site_id"] = params.pop("id")
        params.update(
            version=version,
            changed_by=by,
            changed_at=at,
            changed_fields=changed,
            change_source=source,
            note=note,
            correction_id=correction,
        )
        self._insert_many(conn, "site_versions", [params])

    def site(self, site_id: str) -> dict:
        """A site's current cells plus ``version``, ``changed_by``, ``changed_at``."""
        with self._tx() as conn:
            return self._site_row(conn, site_id)

    def _site_row(self, conn: Connection, site_id: str) -> dict:
        row = (
            conn.execute(text(f"SELECT {_SITE_SELECT} FROM sites WHERE id = :id"), {"id": site_id})
            .mappings()
            .first()
        )
        if row is None:
            raise NotFoundError(
                f"site {site_id!r} is not in {self.display}; load the release first "
                "(`python -m geo db load`)"
            )
        out: dict = self._cells(row)
        out.update(
            version=int(row["version"]),
            changed_by=row["changed_by"],
            changed_at=_iso(row["changed_at"]),
            change_source=row["change_source"],
        )
        return out

    def _apply(self, current: dict, changes: dict[str, str]) -> tuple[dict[str, str], object]:
        """The site's cells with ``changes``, checked by the sites.csv rules; and its point."""
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise InvalidChangeError(
                f"cannot change {unknown}; a correction changes some of {list(EDITABLE)}"
            )
        cells = {c: current[c] for c in SITE_COLUMNS}
        cells.update({k: str(v).strip() for k, v in changes.items()})
        clean, problems = check_site_row(cells, self.vocabulary, file=f"site {current['id']}")
        if clean is None:
            raise InvalidChangeError(
                "the corrected site would not be valid: "
                + "; ".join(f"{p.column}: found {p.found}, expected {p.expected}" for p in problems)
            )
        # List fields (minerals, owners …) go back to their sites.csv form: ";"-separated.
        clean_cells = self._cells(
            {c: ";".join(v) if isinstance(v := clean[c], list) else v for c in SITE_COLUMNS}
        )
        shape = (
            shapely.Point(float(clean_cells["lon"]), float(clean_cells["lat"]))
            if clean_cells["lat"] and clean_cells["lon"]
            else None
        )
        return clean_cells, shape

    def update_site(
        self,
        site_id: str,
        changes: dict[str, str],
        *,
        expected_version: int,
        by: str,
        source: str,
        note: str = "",
    ) -> int:
        """Change a site if it is still at ``expected_version``; return the new version.

        Another change in between raises ConflictError describing it; nothing is overwritten.
        """
        with self._tx() as conn:
            return self._change(conn, site_id, changes, expected_version, by, source, note, None)

    def _change(self, conn, site_id, changes, expected, by, source, note, correction) -> int:
        by = _bounded("name", by, required=True)
        current = self._site_row(conn, site_id)
        if current["version"] != expected:
            raise self._conflict(conn, site_id, expected)
        cells, shape = self._apply(current, changes)
        changed = [c for c in EDITABLE if cells[c] != current[c]]
        if not changed:
            raise InvalidChangeError(f"site {site_id!r} already has those values")
        stamp = now()
        if self._update_site(conn, cells, shape, expected, by, stamp, source) != 1:
            # Someone committed between our read and our update.
            raise self._conflict(conn, site_id, expected)
        self._write_version(
            conn,
            cells,
            shape,
            expected + 1,
            by,
            stamp,
            ",".join(changed),
            source,
            note,
            correction,
        )
        return expected + 1

    def _conflict(self, conn, site_id: str, expected: int) -> ConflictError:
        rows = [
            dict(r)
            for r in conn.execute(
                text(
                    "SELECT version, changed_by, changed_at, changed_fields, change_source, note "
                    "FROM site_versions WHERE site_id = :id AND version > :v ORDER BY version"
                ),
                {"id": site_id, "v": expected},
            ).mappings()
        ]
        for row in rows:
            row["changed_at"] = _iso(row["changed_at"])
        told = "; ".join(
            f"version {r['version']} by {r['changed_by']} at {r['changed_at']} changed "
            f"{r['changed_fields'] or 'nothing'} ({r['change_source']})"
            for r in rows
        )
        latest = rows[-1]["version"] if rows else expected
        return ConflictError(
            f"site {site_id!r} was changed by someone else since version {expected}: {told}. "
            f"Nothing was overwritten; look at version {latest} and decide again.",
            rows,
        )

    def history(self, site_id: str) -> pd.DataFrame:
        """Every version of a site, oldest first: who, when, what changed, source, values."""
        with self._tx() as conn:
            rows = conn.execute(
                text(
                    "SELECT version, changed_at, changed_by, changed_fields, change_source, note, "
                    f"correction_id, {', '.join(EDITABLE)} FROM site_versions "
                    "WHERE site_id = :id ORDER BY version"
                ),
                {"id": site_id},
            ).mappings()
            frame = pd.DataFrame([dict(r) for r in rows])
        if frame.empty:
            raise NotFoundError(f"site {site_id!r} has no history in {self.display}")
        frame["changed_at"] = frame["changed_at"].map(_iso)
        return frame

    def changed_sites(self) -> list[dict[str, str]]:
        """Cells of every site an accepted correction changed, as they are now."""
        with self._tx() as conn:
            rows = conn.execute(
                text(
                    f"SELECT {_SITE_SELECT} FROM sites WHERE id IN "
                    "(SELECT site_id FROM corrections WHERE status = 'accepted') ORDER BY id"
                )
            ).mappings()
            return [self._cells(r) for r in rows]

    def export_changes(self, path: Path) -> int:
        """Write the sites accepted corrections changed, in the sites.csv columns."""
        rows = self.changed_sites()
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(SITE_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        Path(path).write_text(buffer.getvalue(), encoding="utf-8")
        return len(rows)

    # ---- corrections ---------------------------------------------------------------------------
    def propose(
        self,
        site_id: str,
        changes: dict[str, str],
        *,
        proposed_by: str,
        source_url: str,
        note: str = "",
    ) -> int:
        """Record a proposed change to a site (pending until a reviewer decides); its id."""
        proposed_by = _bounded("name", proposed_by, required=True)
        source_url = _bounded("source_url", source_url, required=True)
        if not source_url.startswith(("http://", "https://")) or any(
            c.isspace() for c in source_url
        ):
            raise InvalidChangeError(
                f"`source_url` was {source_url!r}; a correction needs the http(s) address of "
                "its source"
            )
        note = _bounded("note", note)
        if not changes:
            raise InvalidChangeError("a correction needs at least one field and its new value")
        with self._tx() as conn:
            current = self._site_row(conn, site_id)
            cells, _ = self._apply(current, changes)
            changed = {c: cells[c] for c in EDITABLE if c in changes and cells[c] != current[c]}
            if not changed:
                raise InvalidChangeError(f"site {site_id!r} already has those values")
            previous = {c: current[c] for c in changed}
            result = conn.execute(
                text(
                    "INSERT INTO corrections (site_id, changes, previous, base_version, "
                    "proposed_by, proposed_at, source_url, note, status) VALUES (:site, :changes, "
                    ":previous, :base, :by, :at, :url, :note, 'pending') RETURNING id"
                ),
                {
                    "site": site_id,
                    "changes": json.dumps(changed, ensure_ascii=False),
                    "previous": json.dumps(previous, ensure_ascii=False),
                    "base": current["version"],
                    "by": proposed_by,
                    "at": now(),
                    "url": source_url,
                    "note": note,
                },
            )
            return int(result.scalar_one())

    def corrections(
        self, status: str | None = "pending", site_id: str | None = None
    ) -> pd.DataFrame:
        """Corrections (default: the pending ones), oldest first."""
        sql = (
            "SELECT c.id, c.site_id, s.name AS site_name, c.changes, c.previous, c.base_version, "
            "c.proposed_by, c.proposed_at, c.source_url, c.note, c.status, c.reviewed_by, "
            "c.reviewed_at, c.review_note FROM corrections c JOIN sites s ON s.id = c.site_id "
            "WHERE (CAST(:status AS text) IS NULL OR c.status = CAST(:status AS text)) "
            "AND (CAST(:site AS text) IS NULL OR c.site_id = CAST(:site AS text)) "
            "ORDER BY c.id"
        )
        with self._tx() as conn:
            rows = [
                dict(r)
                for r in conn.execute(text(sql), {"status": status, "site": site_id}).mappings()
            ]
        for row in rows:
            row["changes"] = json.loads(row["changes"])
            row["previous"] = json.loads(row["previous"])
            row["proposed_at"] = _iso(row["proposed_at"])
            row["reviewed_at"] = _iso(row["reviewed_at"])
        columns = [
            "id",
            "site_id",
            "site_name",
            "changes",
            "previous",
            "base_version",
            "proposed_by",
            "proposed_at",
            "source_url",
            "note",
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ]
        return pd.DataFrame(rows, columns=columns)

    def _correction(self, conn, correction_id: int) -> dict:
        row = (
            conn.execute(
                text(
                    "SELECT id, site_id, changes, base_version, proposed_by, source_url, note, "
                    "status, reviewed_by FROM corrections WHERE id = :id"
                ),
                {"id": int(correction_id)},
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFoundError(f"there is no correction {correction_id}")
        if row["status"] != "pending":
            raise ConflictError(
                f"correction {correction_id} was already {row['status']} by {row['reviewed_by']}"
            )
        return dict(row)

    @staticmethod
    def _require_reviewer(reviewer: Reviewer | None, action: str) -> Reviewer:
        if not is_reviewer(reviewer):
            raise PermissionDeniedError(f"{action} needs the reviewer credential")
        assert reviewer is not None
        return reviewer

    def accept(
        self,
        correction_id: int,
        reviewer: Reviewer | None,
        *,
        expected_version: int | None = None,
        note: str = "",
    ) -> int:
        """Apply a pending correction as a new site version; return that version.

        The site must still be at the version the proposal was made against (or at
        ``expected_version``, when the reviewer has looked at a later one): otherwise
        ConflictError shows what changed, and nothing is written.
        """
        reviewer = self._require_reviewer(reviewer, "accepting a correction")
        note = _bounded("note", note)
        with self._tx() as conn:
            correction = self._correction(conn, correction_id)
            version = self._change(
                conn,
                correction["site_id"],
                json.loads(correction["changes"]),
                expected_version or int(correction["base_version"]),
                correction["proposed_by"],
                correction["source_url"],
                correction["note"],
                int(correction["id"]),
            )
            self._decide(conn, correction_id, "accepted", reviewer, note)
            return version

    def reject(self, correction_id: int, reviewer: Reviewer | None, *, note: str = "") -> None:
        """Mark a pending correction rejected (the site is not changed)."""
        reviewer = self._require_reviewer(reviewer, "rejecting a correction")
        note = _bounded("note", note)
        with self._tx() as conn:
            self._correction(conn, correction_id)
            self._decide(conn, correction_id, "rejected", reviewer, note)

    def _decide(self, conn, correction_id, status, reviewer: Reviewer, note) -> None:
        result = conn.execute(
            text(
                "UPDATE corrections SET status = :status, reviewed_by = :by, reviewed_at = :at, "
                "review_note = :note WHERE id = :id AND status = 'pending'"
            ),
            {
                "status": status,
                "by": f"{reviewer.name} ({reviewer.via})",
                "at": now(),
                "note": note,
                "id": int(correction_id),
            },
        )
        if result.rowcount != 1:
            raise ConflictError(f"correction {correction_id} was decided by someone else meanwhile")

    # ---- saved datasets ------------------------------------------------------------------------
    def save_dataset(
        self,
        result: ImportResult,
        data: bytes,
        *,
        name: str,
        saved_by: str,
        description: str = "",
        licence: str = "",
    ) -> DatasetInfo:
        """Keep an import (accepted rows, rejects report, file fingerprint) under ``name``.

        One transaction: afterwards the dataset is there with every row, or not at all.
        """
        name = _bounded("name", name, required=True)
        saved_by = _bounded("saved_by", saved_by, required=True)
        description = _bounded("description", description)
        licence = _bounded("licence", licence)
        accepted, rejected = result.accepted, result.rejected
        geometry_name = accepted.geometry.name
        properties = [c for c in accepted.columns if c != geometry_name]
        meta = {
            "name": name,
            "description": description,
            "licence": licence,
            "saved_by": saved_by,
            "saved_at": now(),
            "file_name": result.file,
            "file_size": len(data),
            "file_sha256": hashlib.sha256(data).hexdigest(),
            "rows_read": int(result.read),
            "rows_accepted": len(accepted),
            "rows_rejected": len(rejected),
            "mapping": json.dumps(result.mapping, ensure_ascii=False),
            "notes": json.dumps(list(result.notes), ensure_ascii=False),
            "site_columns": json.dumps(
                {
                    "order": [str(c) for c in accepted.columns],
                    "dtypes": _frame_spec(pd.DataFrame(accepted[properties])),
                }
            ),
            "reject_columns": json.dumps(_frame_spec(rejected)),
        }
        records = pd.DataFrame(accepted[properties]).to_dict("records")
        try:
            with self._tx() as conn:
                taken = conn.execute(
                    text("SELECT count(*) FROM datasets WHERE name = :name"), {"name": name}
                ).scalar()
                if taken:
                    raise DatasetExistsError(f"a dataset called {name!r} is already saved")
                columns = list(meta)
                dataset_id = int(
                    conn.execute(
                        text(
                            f"INSERT INTO datasets ({', '.join(columns)}) VALUES "
                            f"({', '.join(':' + c for c in columns)}) RETURNING id"
                        ),
                        meta,
                    ).scalar_one()
                )
                rows = [
                    _dataset_row(dataset_id, record, shape)
                    for record, shape in zip(records, accepted.geometry, strict=True)
                ]
                self._insert_dataset_sites(conn, rows)
                self._insert_many(
                    conn,
                    "dataset_rejects",
                    [
                        {
                            "dataset_id": dataset_id,
                            "source_row": int(r["row"]),
                            "reason": str(r["reason"]),
                            "original": json.dumps(r, ensure_ascii=False, default=str),
                        }
                        for r in rejected.to_dict("records")
                    ],
                )
        except DatasetExistsError:
            raise
        except StoreError as exc:
            if "datasets" in str(exc.__cause__) and "name" in str(exc.__cause__):
                raise DatasetExistsError(f"a dataset called {name!r} is already saved") from exc
            raise
        return self._info({**meta, "id": dataset_id})

    @staticmethod
    def _info(row) -> DatasetInfo:
        return DatasetInfo(
            id=int(row["id"]),
            name=row["name"],
            description=row["description"],
            licence=row["licence"],
            saved_by=row["saved_by"],
            saved_at=_iso(row["saved_at"]),
            file_name=row["file_name"],
            file_size=int(row["file_size"]),
            file_sha256=row["file_sha256"],
            rows_read=int(row["rows_read"]),
            rows_accepted=int(row["rows_accepted"]),
            rows_rejected=int(row["rows_rejected"]),
            mapping=json.loads(row["mapping"]),
            notes=json.loads(row["notes"]),
        )

    _INFO_COLUMNS = (
        "id, name, description, licence, saved_by, saved_at, file_name, file_size, file_sha256, "
        "rows_read, rows_accepted, rows_rejected, mapping, notes"
    )

    def list_datasets(self) -> list[DatasetInfo]:
        """Every saved dataset, newest first."""
        with self._tx() as conn:
            rows = conn.execute(
                text(f"SELECT {self._INFO_COLUMNS} FROM datasets ORDER BY saved_at DESC, id DESC")
            ).mappings()
            return [self._info(r) for r in rows]

    def _find(self, conn, ref: str | int) -> dict:
        row = (
            conn.execute(
                text(
                    f"SELECT {self._INFO_COLUMNS}, site_columns, reject_columns FROM datasets "
                    "WHERE name = :name"
                ),
                {"name": str(ref)},
            )
            .mappings()
            .first()
        )
        if row is None and str(ref).isdigit():
            row = (
                conn.execute(
                    text(
                        f"SELECT {self._INFO_COLUMNS}, site_columns, reject_columns FROM datasets "
                        "WHERE id = :id"
                    ),
                    {"id": int(ref)},
                )
                .mappings()
                .first()
            )
        if row is None:
            raise NotFoundError(f"no saved dataset is called {str(ref)!r}")
        return dict(row)

    def dataset(self, ref: str | int) -> DatasetInfo:
        """The description of the saved dataset called ``ref`` (or with id ``ref``)."""
        with self._tx() as conn:
            return self._info(self._find(conn, ref))

    def load_dataset(
        self, ref: str | int, *, bbox: tuple[float, float, float, float] | None = None
    ) -> SavedDataset:
        """A saved dataset with its accepted rows (only those in ``bbox`` = west, south, east,
        north if given) and its rejects report, as the importer made them."""
        with self._tx() as conn:
            row = self._find(conn, ref)
            sites = self._read_dataset_sites(conn, int(row["id"]), bbox)
            rejects = conn.execute(
                text(
                    "SELECT original FROM dataset_rejects WHERE dataset_id = :id "
                    "ORDER BY source_row"
                ),
                {"id": int(row["id"])},
            ).all()
        spec = json.loads(row["site_columns"])
        # One JSON document and one vectorised geometry call instead of one per row.
        records = json.loads("[" + ",".join(p for p, _ in sites) + "]")
        frame = _rebuild(records, spec["dtypes"])
        shapes = self._shapes([g for _, g in sites])
        accepted = gpd.GeoDataFrame(
            frame, geometry=gpd.GeoSeries(shapes, index=frame.index, crs=WGS84).values, crs=WGS84
        )
        accepted = accepted[spec["order"]]
        rejected = _rebuild([json.loads(r[0]) for r in rejects], json.loads(row["reject_columns"]))
        return SavedDataset(self._info(row), accepted, rejected)

    def delete_dataset(self, ref: str | int, *, by: str, reviewer: Reviewer | None = None) -> None:
        """Delete a dataset: its saver may, anyone else needs the reviewer credential."""
        with self._tx() as conn:
            row = self._find(conn, ref)
            own = by.strip().casefold() == row["saved_by"].strip().casefold() and by.strip()
            if not own:
                self._require_reviewer(
                    reviewer, f"deleting {row['name']!r}, which {row['saved_by']} saved,"
                )
            for table in ("dataset_sites", "dataset_rejects"):
                conn.execute(text(f"DELETE FROM {table} WHERE dataset_id = :id"), {"id": row["id"]})
            conn.execute(text("DELETE FROM datasets WHERE id = :id"), {"id": row["id"]})

    # ---- reviewer logins (the AttemptLog protocol) ---------------------------------------------
    def record_login(self, ok: bool) -> None:
        """Count one reviewer login attempt (shared by every app server)."""
        with self._tx() as conn:
            conn.execute(
                text("INSERT INTO reviewer_attempts (at, ok) VALUES (:at, :ok)"),
                {"at": datetime.now(UTC).timestamp(), "ok": bool(ok)},
            )

    def failures_since(self, since: float) -> int:
        """Failed reviewer logins after ``since`` and after the last success."""
        with self._tx() as conn:
            last_ok = conn.execute(
                text("SELECT max(at) FROM reviewer_attempts WHERE ok = :ok"), {"ok": True}
            ).scalar()
            start = max(since, float(last_ok or 0))
            return int(
                conn.execute(
                    text("SELECT count(*) FROM reviewer_attempts WHERE ok = :ok AND at > :start"),
                    {"ok": False, "start": start},
                ).scalar()
            )


def _multi(shape):
    if shape is None or shape.is_empty:
        return shape
    if shape.geom_type == "Polygon":
        return shapely.MultiPolygon([shape])
    return shape


def _dataset_row(dataset_id: int, record: dict, shape) -> dict:
    def joined(value, sep=";") -> str:
        return sep.join(map(str, value)) if isinstance(value, list) else str(value or "")

    unit = record.get("unit")
    return {
        "dataset_id": dataset_id,
        "source_row": int(record["row"]),
        "site_id": str(record["id"]),
        "name": str(record["name"]),
        "site_type": str(record.get("site_type") or ""),
        "minerals": joined(record.get("minerals")),
        "status": str(record.get("status") or ""),
        "operator": str(record.get("operator") or ""),
        "province": str(record.get("province") or ""),
        "unit": unit if isinstance(unit, str) else None,
        "lat": float(shape.y),
        "lon": float(shape.x),
        "flags": joined(record.get("flags"), "; "),
        "properties": json.dumps(record, ensure_ascii=False, default=_plain),
        "geom": shape,
    }


def _plain(value):
    """JSON for the numpy scalars pandas may leave in a record."""
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"cannot store a {type(value).__name__} in a dataset row")
