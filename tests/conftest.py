"""Shared fixtures: tiny in-memory boundaries and CSV writers for hand-made inputs."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.atlas import load_atlas
from geo.sites import COLUMNS as SITE_COLUMNS
from geo.vocabulary import load_vocabulary

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


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
