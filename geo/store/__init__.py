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

import geopandas as gpd
import platformdirs

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


# The interface the app and the CLI use. Both backends subclass SqlStore, which holds all of the
# behaviour (one implementation, so the two cannot drift); they differ only in geometry binding,
# bulk insert and error translation.
Store = SqlStore


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
    """Whether ``target`` is a PostgreSQL URL (else it is a store file path)."""
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
    """Saved datasets as layers for ``geo.model.atlas.combine_sites`` (same filters, joins, exports
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
