"""Where the bundled data lives, and the settings that point elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# Points the app at another folder holding minerals.csv, sites.csv and projects.csv (a private
# edition of the data, or a test fixture). The CLI has --data-dir for the same purpose.
DATA_DIR_SETTING = "ATLAS_DATA_DIR"

# One setting replaces the bundled province boundaries with a user's file, e.g.
#   ATLAS_BOUNDARIES="/data/pak_adm1_ocha.shp#ADM1_EN"
# (any format pyogrio reads, any CRS; the part after '#' names the unit-name column and may be
# left out when the file has an obvious one such as `name`, `ADM1_EN` or `shapeName`).
BOUNDARIES_SETTING = "ATLAS_BOUNDARIES"


def boundaries_setting() -> str | None:
    """The ATLAS_BOUNDARIES setting (a boundary file, optionally ``#NAME_COLUMN``), or None."""
    value = os.environ.get(BOUNDARIES_SETTING, "").strip()
    return value or None


def data_dir() -> Path:
    """The data folder: ATLAS_DATA_DIR when set, else the bundled data/."""
    value = os.environ.get(DATA_DIR_SETTING, "").strip()
    return Path(value).expanduser() if value else DATA_DIR
