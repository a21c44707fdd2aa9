"""Shared fixtures: tiny in-memory boundaries and CSV writers for hand-made inputs."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import box
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from geo.model.atlas import load_atlas
from geo.model.sites import COLUMNS as SITE_COLUMNS
from geo.model.vocabulary import load_vocabulary

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def shown(markdown: str) -> str:
    """What Streamlit displays for Markdown holding layers.text.markdown_literal code spans."""
    return re.sub(r"(`+) (.*?) \1(?!`)", r"\2", markdown)


@pytest.fixture
def deferred_downloads(monkeypatch) -> dict:
    """The callables behind the page's on-click downloads, by deferred file id and by file
    name, so a test can do what a click does (MediaFileManager.execute_deferred)."""
    found: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        found[file_id] = found[file_name] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return found


@pytest.fixture
def downloads(monkeypatch, deferred_downloads) -> dict:
    """Every file the page offers for download: its bytes by media URL, as the browser would
    get them, and (from ``deferred_downloads``) the callable of an on-click download."""
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        if isinstance(path_or_data, bytes):
            deferred_downloads[self.get_url(file_id)] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return deferred_downloads


@pytest.fixture(scope="session")
def vocabulary():
    return load_vocabulary()


@pytest.fixture(scope="session")
def atlas():
    """The bundled atlas, loaded once for the whole run (tests copy before they change it)."""
    return load_atlas()


@pytest.fixture
def two_units() -> gpd.GeoDataFrame:
    """Two adjacent 1°×1° squares inside Pakistan's envelope, named like real provinces."""
    return gpd.GeoDataFrame(
        {"name": ["Balochistan", "Sindh"], "area_km2": [10_000.0, 10_000.0]},
        geometry=[box(66, 27, 67, 28), box(67, 27, 68, 28)],
        crs="EPSG:4326",
    )


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through Playwright, one per test module (skipped locally without
    Chromium, a failure in CI: see tests/browser.py)."""
    playwright = pytest.importorskip("playwright.sync_api")
    from tests.browser import CHROMIUM_ARGS, chromium_path

    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def site_row(**overrides: str) -> dict[str, str]:
    """A valid sites.csv row; override any cell."""
    row = {
        "id": "test-site",
        "name": "Test site",
        "site_type": "mine",
        "minerals": "copper;gold",
        "status": "operating",
        "operator": "Test Operator",
        "owners": "Owner A (50%);Owner B (50%)",
        "district": "Chagai",
        "province": "Balochistan",
        "lat": "27.5",
        "lon": "66.5",
        "location_precision": "exact",
        "location_source": "Test gazetteer; https://example.org/place",
        "source": "Test source, 2024",
        "source_url": "https://example.org/site",
        "as_of": "2024",
        "notes": "",
    }
    row.update(overrides)
    return row


def write_csv(path: Path, rows: list[dict[str, str]], columns=SITE_COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def sites_csv(tmp_path):
    """Factory: write the given site rows to sites.csv and return its path."""

    def make(*rows: dict[str, str]) -> Path:
        return write_csv(tmp_path / "sites.csv", list(rows))

    return make


# ---- the store: the same tests against the embedded file and a real PostGIS server ----------
class StoreBackend:
    """Opens store objects on one database: each ``open()`` is a new session (or another app
    server), as the app would make."""

    def __init__(self, name: str, target: str, server=None):
        self.name = name
        self.target = target
        self.server = server
        self._opened: list = []

    def open(self):
        from geo.store import open_store

        store = open_store(self.target)
        self._opened.append(store)
        return store

    def fail_now(self, conn) -> None:
        """The database goes away in the middle of ``conn``'s transaction."""
        if self.server is not None:
            self.server.stop("immediate")
            return
        # SQLite has no server to stop: interrupt the next statement once, as a disk or
        # file-system failure would.
        raw = conn.connection.driver_connection
        fired = []

        def interrupt() -> int:
            if fired:
                return 0
            fired.append(True)
            return 1

        raw.set_progress_handler(interrupt, 1)

    def recover(self) -> None:
        if self.server is not None and not self.server.running:
            self.server.start()

    def close(self) -> None:
        for store in self._opened:
            store.close()


@pytest.fixture(scope="session")
def postgres_server():
    from tests.postgres import PostgresServer

    server = PostgresServer()
    server.start()
    yield server
    server.destroy()


def _backend(kind: str, request, tmp_path) -> StoreBackend:
    if kind == "embedded":
        made = StoreBackend("embedded", str(tmp_path / "store.gpkg"))
    else:
        server = request.getfixturevalue("postgres_server")
        if not server.running:
            server.start()
        made = StoreBackend("postgis", server.url(server.new_database()), server)
    made.open().init()
    return made


@pytest.fixture(params=["embedded", "postgis"])
def backend(request, tmp_path):
    """A fresh, initialised store of each kind (PostGIS skips locally without PostgreSQL and
    fails when CI=true)."""
    made = _backend(request.param, request, tmp_path)
    yield made
    made.recover()
    made.close()


@pytest.fixture
def postgis_backend(request, tmp_path):
    made = _backend("postgis", request, tmp_path)
    yield made
    made.recover()
    made.close()


@pytest.fixture
def embedded_backend(request, tmp_path):
    made = _backend("embedded", request, tmp_path)
    yield made
    made.close()


@pytest.fixture(scope="session", autouse=True)
def _store_in_a_temporary_folder(tmp_path_factory):
    """Every test (and every app server a test starts) keeps its saved data in a temporary
    store file, never in the user's data directory; no team database or reviewer hash leaks in
    from the environment. Tests that need a store of their own set ATLAS_STORE themselves."""
    import os

    saved = {
        k: os.environ.get(k) for k in ("ATLAS_STORE", "ATLAS_DATABASE_URL", "ATLAS_REVIEWER_HASH")
    }
    os.environ["ATLAS_STORE"] = str(tmp_path_factory.mktemp("store") / "atlas-store.gpkg")
    os.environ.pop("ATLAS_DATABASE_URL", None)
    os.environ.pop("ATLAS_REVIEWER_HASH", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def write_tif(
    path,
    *,
    west,
    north,
    size_deg,
    crs="EPSG:4326",
    shape=(10, 10),
    fill=None,
    dtype="float32",
    nodata=-1,
) -> bytes:
    """A small one-band GeoTIFF at ``path`` (0, 1, 2 … or ``fill``); returns its bytes."""
    data = fill if fill is not None else np.arange(shape[0] * shape[1], dtype=dtype).reshape(shape)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=shape[1],
        height=shape[0],
        count=1,
        dtype=dtype,
        crs=crs,
        transform=from_origin(west, north, size_deg / shape[1], size_deg / shape[0]),
        nodata=nodata,
    ) as dst:
        dst.write(data, 1)
    return path.read_bytes()
