"""What users add, kept: saved datasets and reviewed corrections with every site's history.

One interface, two backends:

* embedded (default, no server): a GeoPackage file at ``ATLAS_STORE``, by default in the user's
  data directory (never inside the checkout);
* team: PostgreSQL + PostGIS at ``ATLAS_DATABASE_URL``, shared by several app servers and QGIS.

``open_store()`` picks one from the settings; the app and ``python -m geo`` both use it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import geopandas as gpd
import pandas as pd
import platformdirs

from geo.importer import ImportResult
from geo.store.auth import Reviewer
from geo.store.base import DatasetInfo, SavedDataset, SqlStore
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

STORE_SETTING = "ATLAS_STORE"
DATABASE_SETTING = "ATLAS_DATABASE_URL"
APP_NAME = "pakistan-minerals-atlas"
CHECKOUT = Path(__file__).resolve().parents[2]


class Store(Protocol):
    """What the app and the CLI may ask of a store (both backends implement all of it)."""

    backend: str
    display: str

    def init(self) -> list[str]: ...
    def schema_version(self) -> int: ...
    def require_schema(self) -> None: ...
    def status(self) -> dict[str, int]: ...
    def load_release(self, folder: Path | None = None) -> dict[str, int]: ...
    def save_dataset(
        self,
        result: ImportResult,
        data: bytes,
        *,
        name: str,
        saved_by: str,
        description: str = "",
        licence: str = "",
    ) -> DatasetInfo: ...
    def list_datasets(self) -> list[DatasetInfo]: ...
    def dataset(self, ref: str | int) -> DatasetInfo: ...
    def load_dataset(
        self, ref: str | int, *, bbox: tuple[float, float, float, float] | None = None
    ) -> SavedDataset: ...
    def delete_dataset(
        self, ref: str | int, *, by: str, reviewer: Reviewer | None = None
    ) -> None: ...
    def site(self, site_id: str) -> dict: ...
    def update_site(
        self,
        site_id: str,
        changes: dict[str, str],
        *,
        expected_version: int,
        by: str,
        source: str,
        note: str = "",
    ) -> int: ...
    def propose(
        self,
        site_id: str,
        changes: dict[str, str],
        *,
        proposed_by: str,
        source_url: str,
        note: str = "",
    ) -> int: ...
    def corrections(
        self, status: str | None = "pending", site_id: str | None = None
    ) -> pd.DataFrame: ...
    def accept(
        self,
        correction_id: int,
        reviewer: Reviewer | None,
        *,
        expected_version: int | None = None,
        note: str = "",
    ) -> int: ...
    def reject(self, correction_id: int, reviewer: Reviewer | None, *, note: str = "") -> None: ...
    def history(self, site_id: str) -> pd.DataFrame: ...
    def changed_sites(self) -> list[dict[str, str]]: ...
    def export_changes(self, path: Path) -> int: ...
    def record_login(self, ok: bool) -> None: ...
    def failures_since(self, since: float) -> int: ...
    def close(self) -> None: ...


def default_store_path() -> Path:
    """The embedded store's file when ``ATLAS_STORE`` is not set: the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "atlas-store.gpkg"


def store_target() -> str:
    """The database URL or store file the settings point at."""
    url = os.environ.get(DATABASE_SETTING, "").strip()
    if url:
        return url
    path = os.environ.get(STORE_SETTING, "").strip()
    return str(Path(path).expanduser()) if path else str(default_store_path())


def is_database_url(target: str) -> bool:
    return target.split("://", 1)[0].split("+", 1)[0] in ("postgresql", "postgres", "postgis")


def open_store(target: str | Path | None = None) -> SqlStore:
    """The store at ``target`` (a postgresql:// URL or a file path; default: the settings).

    An embedded file is created and brought to the latest schema on first use; a PostGIS
    database must have been set up with ``python -m geo db init`` by its owner (the app's role
    may not create tables).
    """
    target = str(target) if target is not None else store_target()
    if is_database_url(target):
        from geo.store.postgis import PostgisStore

        return PostgisStore(target)
    from geo.store.embedded import EmbeddedStore

    store = EmbeddedStore(Path(target))
    store.init()
    return store


def load_saved_layers(store: SqlStore, refs: list[str | int]) -> list[gpd.GeoDataFrame]:
    """Saved datasets as layers for ``geo.atlas.combine_sites`` (same filters, joins, exports
    as a fresh import)."""
    return [store.load_dataset(ref).as_layer() for ref in refs]


__all__ = [
    "CHECKOUT",
    "DATABASE_SETTING",
    "STORE_SETTING",
    "ConflictError",
    "DatasetExistsError",
    "DatasetInfo",
    "InvalidChangeError",
    "NotFoundError",
    "PermissionDeniedError",
    "SavedDataset",
    "SchemaError",
    "Store",
    "StoreError",
    "StoreUnavailableError",
    "default_store_path",
    "load_saved_layers",
    "open_store",
    "store_target",
]
