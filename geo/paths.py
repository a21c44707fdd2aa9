"""Where the bundled data lives, and the settings that point elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# One setting replaces the bundled province boundaries with a user's file, e.g.
#   ATLAS_BOUNDARIES="/data/pak_adm1_ocha.shp#ADM1_EN"
# (any format pyogrio reads, any CRS; the part after '#' names the unit-name column and may be
# left out when the file has an obvious one such as `name`, `ADM1_EN` or `shapeName`).
BOUNDARIES_SETTING = "ATLAS_BOUNDARIES"


def boundaries_setting() -> str | None:
    value = os.environ.get(BOUNDARIES_SETTING, "").strip()
    return value or None
