"""The embedded store: one GeoPackage file (SQLite) on the user's disk, no server.

SQLite through SQLAlchemy's pysqlite driver, bound parameters only. Geometries are GeoPackage
blobs (a small header, then WKB), so QGIS, GDAL and pyogrio open ``sites``, ``dataset_sites``
and the ``current_sites`` / ``saved_sites`` views as layers. Writers take the database lock at
the start of a transaction (BEGIN IMMEDIATE), so concurrent sessions queue instead of failing
half-way; WAL lets readers go on meanwhile.
"""

from __future__ import annotations

import struct
from pathlib import Path

import shapely
from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy import exc as sa_exc

from geo.store.base import SqlStore
from geo.store.errors import SchemaError, StoreError, StoreUnavailableError

SRID = 4326
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_blob(shape) -> bytes | None:
    """A GeoPackage geometry blob (no envelope, little-endian) for a shapely geometry."""
    if shape is None:
        return None
    flags = 0x01 | (0x10 if shape.is_empty else 0)
    return b"GP" + bytes([0, flags]) + struct.pack("<i", SRID) + shapely.to_wkb(shape, byte_order=1)


def from_gpkg_blob(blob: bytes | None):
    """The shapely geometry in a GeoPackage geometry blob (None for NULL)."""
    if blob is None:
        return None
    blob = bytes(blob)
    if blob[:2] != b"GP":
        raise StoreError("a geometry in the store is not a GeoPackage blob")
    envelope = (blob[3] >> 1) & 0x07
    return shapely.from_wkb(blob[8 + _ENVELOPE_BYTES[envelope] :])


class EmbeddedStore(SqlStore):
    backend = "embedded"
    geom_sql = ":geom"

    def __init__(self, path: Path):
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailableError(
                f"cannot create the folder for the store file {self.path}: {exc}"
            ) from exc
        engine = create_engine(
            f"sqlite+pysqlite:///{self.path}",
            connect_args={"timeout": 30, "check_same_thread": False},
        )
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        super().__init__(engine, str(self.path))

    def init(self) -> list[str]:
        """Apply pending migrations, then write the GeoPackage header into the file."""
        done = super().init()
        # GDAL reads the GeoPackage header (application_id) from the file itself, not the WAL.
        raw = self.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        return done

    def _geom(self, shape):
        return gpkg_blob(shape)

    def _shape(self, value):
        return from_gpkg_blob(value)

    def _shapes(self, values: list) -> list:
        """GeoPackage blobs to shapely in one call (points have no envelope: 8-byte header)."""
        if all(v is not None and bytes(v[3:4]) == b"\x01" for v in values):
            return list(shapely.from_wkb([bytes(v)[8:] for v in values]))
        return [from_gpkg_blob(v) for v in values]

    def _translate(self, exc: sa_exc.DBAPIError) -> StoreError:
        message = str(getattr(exc, "orig", exc))
        if "no such table" in message:
            return SchemaError(
                f"{self.display} has no atlas schema ({message}); run `python -m geo db init`"
            )
        if isinstance(exc, sa_exc.IntegrityError):
            return StoreError(f"{self.display} refused the write: {message}")
        return StoreUnavailableError(f"the store file {self.display} cannot be used: {message}")

    def _read_dataset_sites(self, conn: Connection, dataset_id: int, bbox):
        sql = "SELECT properties, geom FROM dataset_sites WHERE dataset_id = :id"
        params: dict = {"id": dataset_id}
        if bbox is not None:
            sql += " AND lon BETWEEN :w AND :e AND lat BETWEEN :s AND :n"
            params.update(zip(("w", "s", "e", "n"), map(float, bbox), strict=True))
        return [tuple(r) for r in conn.execute(text(sql + " ORDER BY source_row"), params)]


def _on_connect(dbapi_connection, _record) -> None:
    # SQLAlchemy's recipe for pysqlite: let the begin event below open transactions, so that
    # BEGIN IMMEDIATE (not the driver's deferred BEGIN) starts each one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _on_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")
