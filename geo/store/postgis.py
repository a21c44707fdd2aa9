"""The team store: PostgreSQL + PostGIS, shared by every app server and by QGIS.

SQLAlchemy 2 with psycopg 3, bound parameters only; saved sites go in with geopandas
``to_postgis`` (COPY, inside the save's transaction) and come out with ``read_postgis``.
App servers keep no state of their own: whatever one saves, the others read on their next rerun.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import psycopg
import shapely
from sqlalchemy import Connection, create_engine, make_url, text
from sqlalchemy import exc as sa_exc

from geo.model.crs import WGS84
from geo.store.base import SqlStore
from geo.store.errors import (
    PermissionDeniedError,
    SchemaError,
    StoreError,
    StoreUnavailableError,
)

CONNECT_TIMEOUT_S = 5
# Any constant: `db init` on two servers at once takes turns on this advisory lock.
_MIGRATION_LOCK = 7_246_353

# The tables and views the app reads and writes; `python -m geo db grants ROLE` prints the
# statements for a least-privilege role (README, "Team server").
APP_READS = (
    "sites",
    "site_versions",
    "corrections",
    "datasets",
    "dataset_sites",
    "dataset_rejects",
    "release_minerals",
    "release_projects",
    "release_units",
    "reviewer_attempts",
    "atlas_migrations",
    "current_sites",
    "saved_sites",
    "pending_corrections",
)
APP_WRITES = {
    "sites": "UPDATE",
    "site_versions": "INSERT",
    "corrections": "INSERT, UPDATE",
    "datasets": "INSERT, DELETE",
    "dataset_sites": "INSERT, DELETE",
    "dataset_rejects": "INSERT, DELETE",
    "reviewer_attempts": "INSERT",
}
SEQUENCES = ("corrections_id_seq", "datasets_id_seq", "reviewer_attempts_id_seq")


def app_role_grants(role: str, database: str = "atlas") -> list[str]:
    """GRANT statements for the role the app connects as: read everything it shows, write only
    what users add; no DDL, no TRUNCATE, no DELETE on sites or history."""
    quoted = '"' + role.replace('"', '""') + '"'
    db = '"' + database.replace('"', '""') + '"'
    out = [
        f"GRANT CONNECT ON DATABASE {db} TO {quoted};",
        f"GRANT USAGE ON SCHEMA public TO {quoted};",
        f"GRANT SELECT ON {', '.join(APP_READS)} TO {quoted};",
    ]
    out += [f"GRANT {what} ON {table} TO {quoted};" for table, what in APP_WRITES.items()]
    out.append(f"GRANT USAGE ON SEQUENCE {', '.join(SEQUENCES)} TO {quoted};")
    return out


def _url(url: str):
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgis"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


class PostgisStore(SqlStore):
    backend = "postgis"
    geom_sql = "ST_GeomFromWKB(:geom, 4326)"

    def __init__(self, url: str):
        parsed = _url(url)
        engine = create_engine(
            parsed,
            # A server restarted under a running app: test connections before use.
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=15,
            pool_timeout=30,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_S,
                "application_name": "pakistan-minerals-atlas",
            },
        )
        super().__init__(engine, parsed.render_as_string(hide_password=True))

    def _geom(self, shape):
        if shape is None or shape.is_empty:
            return None
        return shapely.to_wkb(shape)

    def _shape(self, value):
        return value

    def _migration_lock(self, conn: Connection) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})

    def _translate(self, exc: sa_exc.DBAPIError) -> StoreError:
        orig = getattr(exc, "orig", None)
        first = str(orig or exc).strip().splitlines()[0] if str(orig or exc).strip() else ""
        if isinstance(orig, psycopg.errors.UndefinedTable):
            return SchemaError(
                f"{self.display} has no atlas schema ({first}); run `python -m geo db init`"
            )
        if isinstance(orig, psycopg.errors.InsufficientPrivilege):
            return PermissionDeniedError(f"the database role may not do this: {first}")
        if isinstance(exc, sa_exc.IntegrityError):
            return StoreError(f"{self.display} refused the write: {first}")
        if (
            isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError))
            or exc.connection_invalidated
            or isinstance(orig, psycopg.errors.AdminShutdown)
        ):
            return StoreUnavailableError(
                f"the team database {self.display} cannot be reached: {first}"
            )
        return StoreError(f"{self.display}: {first}")

    def _insert_dataset_sites(self, conn: Connection, rows: list[dict]) -> None:
        if not rows:
            return
        frame = pd.DataFrame(rows).drop(columns="geom")
        sites = gpd.GeoDataFrame(
            frame, geometry=gpd.GeoSeries([r["geom"] for r in rows], crs=WGS84).values, crs=WGS84
        ).rename_geometry("geom")
        sites.to_postgis("dataset_sites", conn, if_exists="append", index=False)

    def _read_dataset_sites(self, conn: Connection, dataset_id: int, bbox):
        sql = "SELECT source_row, properties, geom FROM dataset_sites WHERE dataset_id = :id"
        params: dict = {"id": dataset_id}
        if bbox is not None:
            sql += " AND geom && ST_MakeEnvelope(:w, :s, :e, :n, 4326)"
            params.update(zip(("w", "s", "e", "n"), map(float, bbox), strict=True))
        frame = gpd.read_postgis(
            text(sql + " ORDER BY source_row"), conn, geom_col="geom", params=params
        )
        return list(zip(frame["properties"], frame.geometry, strict=True))
