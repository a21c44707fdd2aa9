"""Rebuild data/boundaries/pakistan_adm1.geojson from Natural Earth.

Source: Natural Earth 1:10m "Admin 1 – States, Provinces" v4.1.0 (public domain), in the
generalised copy that Debian's ``qgis-common`` package ships as
``/usr/share/qgis/resources/data/world_map.gpkg`` (layer ``states_provinces``).

That release predates the 2018 merger of FATA into Khyber Pakhtunkhwa and uses old names
("N.W.F.P.", "Northern Areas", "Sind"), so this script dissolves FATA into KP, renames every unit to
its current official English name, repairs geometry, orients rings, and computes areas in an
equal-area projection. The output is committed, so the app never needs apt at run time.

Usage:
    python scripts/build_boundaries.py --fetch            # apt-get download qgis-common first
    python scripts/build_boundaries.py --gpkg PATH/world_map.gpkg
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.export.geojson import dumps, feature_collection  # noqa: E402
from geo.model.boundaries import BOUNDARIES_PATH  # noqa: E402
from geo.model.crs import PAKISTAN_EQUAL_AREA, WGS84  # noqa: E402

GPKG_IN_PACKAGE = "usr/share/qgis/resources/data/world_map.gpkg"
SOURCE = "Natural Earth 10m admin-1 v4.1.0 (public domain), via Debian qgis-common world_map.gpkg"

# Natural Earth `name` -> (official name, ISO 3166-2, kind, status).
KASHMIR = "Pakistan-administered; part of the disputed Kashmir region"
UNITS = {
    "Baluchistan": ("Balochistan", "PK-BA", "province", "province of Pakistan"),
    "Sind": ("Sindh", "PK-SD", "province", "province of Pakistan"),
    "Punjab": ("Punjab", "PK-PB", "province", "province of Pakistan"),
    "K.P.": ("Khyber Pakhtunkhwa", "PK-KP", "province", "province of Pakistan"),
    # FATA was merged into Khyber Pakhtunkhwa by the 25th Amendment (May 2018).
    "F.A.T.A.": ("Khyber Pakhtunkhwa", "PK-KP", "province", "province of Pakistan"),
    "F.C.T.": ("Islamabad Capital Territory", "PK-IS", "territory", "federal territory"),
    "Northern Areas": ("Gilgit-Baltistan", "PK-GB", "territory", KASHMIR),
    "Azad Kashmir": ("Azad Jammu and Kashmir", "PK-JK", "territory", KASHMIR),
}


def build(gpkg: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(gpkg, layer="states_provinces", where="adm0_a3 = 'PAK'")
    unknown = sorted(set(raw["name"]) - set(UNITS))
    if unknown or len(raw) != len(UNITS):
        raise SystemExit(f"unexpected Natural Earth units {unknown or sorted(raw['name'])}")
    raw = raw.to_crs(WGS84)
    raw["geometry"] = shapely.make_valid(raw.geometry.values)
    attrs = pd.DataFrame(
        [UNITS[n] for n in raw["name"]], columns=["name", "iso_3166_2", "kind", "status"]
    )
    raw = raw.rename(columns={"name": "ne_name"})
    raw = gpd.GeoDataFrame(pd.concat([attrs, raw[["ne_name", "geometry"]]], axis=1), crs=WGS84)
    units = raw.dissolve(
        by=["name", "iso_3166_2", "kind", "status"], aggfunc={"ne_name": "; ".join}, as_index=False
    )
    # Snap to the 6-decimal grid the GeoJSON is written with, so what is stored is what was checked.
    units["geometry"] = shapely.make_valid(shapely.set_precision(units.geometry.values, 1e-6))
    units["area_km2"] = (units.to_crs(PAKISTAN_EQUAL_AREA).area / 1e6).round(0).astype(int)
    units["source"] = SOURCE
    order = ["PK-BA", "PK-SD", "PK-PB", "PK-KP", "PK-IS", "PK-GB", "PK-JK"]
    units = units.set_index("iso_3166_2").loc[order].reset_index()
    cols = ["name", "iso_3166_2", "kind", "status", "area_km2", "ne_name", "source", "geometry"]
    return gpd.GeoDataFrame(units[cols], geometry="geometry", crs=WGS84)


def fetch(workdir: Path) -> Path:
    subprocess.run(["apt-get", "download", "qgis-common"], cwd=workdir, check=True)
    deb = next(workdir.glob("qgis-common_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(workdir / "x")], check=True)
    return workdir / "x" / GPKG_IN_PACKAGE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gpkg", type=Path, help="path to world_map.gpkg")
    parser.add_argument("--fetch", action="store_true", help="apt-get download qgis-common")
    parser.add_argument("-o", "--output", type=Path, default=BOUNDARIES_PATH)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = args.gpkg or (fetch(Path(tmp)) if args.fetch else Path("/") / GPKG_IN_PACKAGE)
        if not gpkg.exists():
            parser.error(f"{gpkg} not found: pass --gpkg PATH or --fetch")
        units = build(gpkg)
    collection = feature_collection(units, name="pakistan_adm1")
    args.output.write_text(dumps(collection) + "\n", encoding="utf-8")
    print(units.drop(columns="geometry").to_string(index=False))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
