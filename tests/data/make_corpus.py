"""Write the import test corpus in this folder (the files are committed; rerun to rebuild).

Every file is small and written here by hand, so its content is documented by this script.
Coordinates are those of real, well-known places (Pakistani towns as published on their
Wikipedia pages, rounded; Reko Diq and Saindak as in data/sites.csv) so that the province join
has something real to find. Names that are not real sites say so ("Test …").

    python tests/data/make_corpus.py
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

HERE = Path(__file__).resolve().parent

# name: (lat, lon)
QUETTA = (30.1798, 66.975)
KARACHI = (24.8607, 67.0011)
LAHORE = (31.5204, 74.3587)
PESHAWAR = (34.0151, 71.5249)
GILGIT = (35.9208, 74.3089)
REKO_DIQ = (29.129722, 62.060556)
LONDON = (51.5072, -0.1276)
KABUL = (34.5553, 69.2075)


def write(name: str, data: bytes | str, encoding: str = "utf-8") -> None:
    path = HERE / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def kml(placemarks: list[tuple[str, str, float, float]]) -> str:
    body = "".join(
        f"<Placemark><name>{n}</name><description>{d}</description>"
        f"<Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>"
        for n, d, lat, lon in placemarks
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{body}</Document></kml>'
    )


def main() -> None:
    write(
        "basic.csv",
        "name,lat,lon,minerals,type,status\n"
        f"Test copper prospect,{QUETTA[0]},{QUETTA[1]},Cu,prospect,exploration\n"
        f"Test coal mine,{KARACHI[0]},{KARACHI[1]},lignite,Mine,Active\n"
        f"Test salt works,{LAHORE[0]},{LAHORE[1]},halite,plant,operating\n"
        f"Test gold placer,{GILGIT[0]},{GILGIT[1]},Au; Ag,occurrence,\n",
    )
    write(
        "decimal_commas.csv",
        "Name;Latitude;Longitude;Commodity\n"
        "Test site A;30,1798;66,975;chromite\n"
        "Test site B;24,8607;67,0011;Iron ore\n"
        "Test site C;34,0151;71,5249;REE\n",
    )
    write(
        "dms.csv",
        "site,latitude,longitude,mineral\n"
        'Test DMS north,"30°10\'47""N","66°58\'30""E",antimony\n'
        "Test DMS spaced,30 10 47 N,66 58 30 E,tungsten\n"
        "Test decimal minutes,N 24°51.6',E 67°00.1',lithium\n"
        'Test bad minutes,"30°70\'00""N","66°58\'30""E",antimony\n',
    )
    write(
        "swapped.csv",
        "name,lat,lon,minerals\n"
        f"Test correct,{PESHAWAR[0]},{PESHAWAR[1]},marble\n"
        f"Test swapped 1,{QUETTA[1]},{QUETTA[0]},coal\n"
        f"Test swapped 2,{LAHORE[1]},{LAHORE[0]},gypsum\n",
    )
    write(
        "outside_pakistan.csv",
        "name,lat,lon,minerals\n"
        f"Test inside,{KARACHI[0]},{KARACHI[1]},coal\n"
        f"Test London,{LONDON[0]},{LONDON[1]},gold\n"
        f"Test Kabul,{KABUL[0]},{KABUL[1]},copper\n",
    )
    points = gpd.GeoDataFrame(
        {
            "name": ["Test Quetta", "Test Karachi", "Test Peshawar"],
            "commodity": ["Cu", "coal", "Zn"],
        },
        geometry=[Point(p[1], p[0]) for p in (QUETTA, KARACHI, PESHAWAR)],
        crs="EPSG:4326",
    )
    mercator = json.loads(points.to_crs("EPSG:3857").to_json())
    mercator["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    write("web_mercator.geojson", json.dumps(mercator))
    shp_dir = HERE / "_shp"
    shp_dir.mkdir(exist_ok=True)
    points.to_crs("EPSG:32642").to_file(shp_dir / "sites.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for part in sorted(shp_dir.iterdir()):
            zf.write(part, f"sites/{part.name}")
            part.unlink()
    shp_dir.rmdir()
    write("shapefile_utm.zip", buffer.getvalue())
    placemarks = [
        ("Test KML Lahore", "gypsum", *LAHORE),
        ("Test KML Gilgit", "gold", *GILGIT),
    ]
    write("sites.kml", kml(placemarks))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("doc.kml", kml(placemarks))
    write("sites.kmz", buffer.getvalue())
    write(
        "latin1.csv",
        "name,lat,lon,minerals,notes\n"
        f"Test Cañada Peñón,{QUETTA[0]},{QUETTA[1]},copper,café société\n"
        f"Test Zürich façade,{KARACHI[0]},{KARACHI[1]},coal,naïve\n",
        encoding="latin-1",
    )
    write(
        "utf8_bom.csv",
        f"\ufeffname,lat,lon,minerals\nTest ڈیرہ غازی خان,{LAHORE[0]},{LAHORE[1]},uranium\n",
    )
    write(
        "duplicate.csv",
        "name,lat,lon,minerals\n"
        # ~2 km from the bundled Reko Diq point: the same site, flagged, not merged.
        f"Reko Diq,{REKO_DIQ[0] + 0.015},{REKO_DIQ[1]},copper;gold\n"
        # Same name but ~100 km away: a different place, not flagged.
        f"Reko Diq,{QUETTA[0]},{QUETTA[1]},copper\n",
    )
    write(
        "unknown_mineral.csv",
        "name,lat,lon,minerals\n"
        f"Test unobtainium,{QUETTA[0]},{QUETTA[1]},unobtainium; copper\n"
        f"Test only unknown,{KARACHI[0]},{KARACHI[1]},kryptonite\n",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("sites/sites.shp", b"not really a shapefile")
        zf.writestr("../../evil.txt", b"this must never be written outside the archive")
    write("traversal.zip", buffer.getvalue())
    write("empty.csv", b"")
    # The first bytes of a PNG file, named .csv.
    write("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01")
    workbook = pd.DataFrame(
        {
            "Site Name": [
                "Test XLSX Quetta",
                "Test XLSX Peshawar",
                "Test XLSX missing",
                "Test XLSX Lahore",
            ],
            "Latitude": [QUETTA[0], PESHAWAR[0], None, LAHORE[0]],
            "Longitude": [QUETTA[1], PESHAWAR[1], None, LAHORE[1]],
            "Commodities": ["chromite", "marble", "gold", "salt"],
        }
    )
    workbook.to_excel(HERE / "sites.xlsx", index=False)
    write(
        "sites.tsv",
        "name\tlat\tlon\tminerals\n"
        f"Test TSV Quetta\t{QUETTA[0]}\t{QUETTA[1]}\tcoal\n"
        f"Test TSV Karachi\t{KARACHI[0]}\t{KARACHI[1]}\tlimestone\n",
    )
    mixed = gpd.GeoDataFrame(
        {"name": ["Test GPKG point 1", "Test GPKG point 2", "Test GPKG polygon"]},
        geometry=[Point(QUETTA[1], QUETTA[0]), Point(GILGIT[1], GILGIT[0]), box(66, 29, 67, 30)],
        crs="EPSG:4326",
    )
    mixed.to_file(HERE / "mixed.gpkg", driver="GPKG")
    write(
        "malformed.csv",
        "name,lat,lon,minerals\n"
        f"Test good,{QUETTA[0]},{QUETTA[1]},coal\n"
        f"Test, unquoted comma,{KARACHI[0]},{KARACHI[1]},coal\n",
    )
    write(
        "ambiguous.csv",
        f"name,lat,y,lon,minerals\nTest,{QUETTA[0]},{QUETTA[0]},{QUETTA[1]},coal\n",
    )
    write(
        "html_names.csv",
        "name,lat,lon,minerals,notes\n"
        f"<img src=x onerror=alert(1)>,{QUETTA[0]},{QUETTA[1]},copper,{{{{ 7*7 }}}}\n"
        f"Template {{{{ 7*7 }}}} site,{KARACHI[0]},{KARACHI[1]},coal,{{% raw %}}\n",
    )


if __name__ == "__main__":
    main()
