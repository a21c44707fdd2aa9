"""``python -m geo``: validate, summarise and export the atlas from the command line.

Every command goes through the same geo functions the app uses.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.atlas import Atlas, check_atlas, load_atlas
from geo.boundaries import BoundarySource
from geo.errors import BoundaryError, DataValidationError, ExportError, FilterError
from geo.export import export_file, format_for
from geo.paths import DATA_DIR
from geo.query import SiteFilter, filter_projects, filter_sites
from geo.sites import PRECISIONS, SITE_TYPES, STATUSES
from geo.summary import province_summary

LAYERS = ("sites", "projects", "boundaries")


class _Parser(argparse.ArgumentParser):
    """argparse prints usage plus an error over several lines; the CLI promises one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"geo: error: {message} (see `python -m geo {self._sub()}--help`)\n")
        raise SystemExit(2)

    def _sub(self) -> str:
        parts = self.prog.split()
        return f"{parts[-1]} " if len(parts) > 1 and parts[-1] in _COMMANDS else ""


_COMMANDS = ("validate", "summary", "export")


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder with the CSV files")
    p.add_argument(
        "--boundaries",
        metavar="PATH[#NAME_COLUMN]",
        help="use this boundary file instead of the bundled provinces (any format pyogrio reads)",
    )


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--mineral", action="append", default=[], help="mineral id or any synonym; repeatable"
    )
    p.add_argument("--site-type", action="append", default=[], choices=SITE_TYPES)
    p.add_argument("--status", action="append", default=[], choices=STATUSES)
    p.add_argument("--province", action="append", default=[], help="unit name; repeatable")
    p.add_argument("--precision", action="append", default=[], choices=PRECISIONS)
    p.add_argument("--text", default="", help="words that must all appear in name/operator/notes")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geo", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    v = sub.add_parser("validate", help="check every data file and report counts and problems")
    _add_common(v)
    s = sub.add_parser("summary", help="per-province counts of the filtered sites")
    _add_common(s)
    _add_filters(s)
    s.add_argument("--format", choices=("table", "json"), default="table")
    e = sub.add_parser("export", help="write a filtered layer as GeoJSON, GeoPackage or CSV")
    _add_common(e)
    _add_filters(e)
    e.add_argument("--layer", choices=LAYERS, default="sites")
    e.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        help="file to write; .geojson/.json, .gpkg or .csv picks the format",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        boundaries = BoundarySource.from_setting(args.boundaries) if args.boundaries else None
        if args.command == "validate":
            return _validate(args.data_dir, boundaries)
        atlas = load_atlas(args.data_dir, boundaries)
        flt = SiteFilter(
            minerals=tuple(args.mineral),
            site_types=tuple(args.site_type),
            statuses=tuple(args.status),
            provinces=tuple(args.province),
            precisions=tuple(args.precision),
            text=args.text,
        ).normalised(atlas.vocabulary, atlas.units["name"])
        if args.command == "summary":
            return _summary(atlas, flt, args.format)
        return _export(atlas, flt, args.layer, args.output)
    except (FilterError, ExportError, BoundaryError) as exc:
        parser.error(str(exc))
    except DataValidationError as exc:
        sys.stderr.write(f"geo: {exc}\n")
        return 1
    return 0


def _validate(data_dir: Path, boundaries: BoundarySource | None) -> int:
    report = check_atlas(data_dir, boundaries)
    atlas = report.atlas
    if atlas is not None:
        sites = atlas.sites
        mapped = int(sites.geometry.notna().sum())
        located = int(sites["unit"].notna().sum())
        print(f"minerals:   {len(atlas.vocabulary.ids)} ids")
        print(f"boundaries: {len(atlas.units)} units ({', '.join(atlas.units['name'])})")
        print(
            f"sites:      {len(sites)} valid rows, {mapped} mapped ({located} inside a unit), "
            f"{len(sites) - mapped} unknown location (listed, not mapped)"
        )
        print(
            f"projects:   {len(atlas.projects)} valid rows, "
            f"{int(atlas.projects.geometry.notna().sum())} linked to mapped sites"
        )
        if atlas.disagreements:
            print(f"province disagreements (declared vs computed): {len(atlas.disagreements)}")
            for d in atlas.disagreements:
                print(f"  {d}")
    if report.problems:
        print(f"{len(report.problems)} problem(s):", file=sys.stderr)
        for p in report.problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    print("ok")
    return 0


def _summary(atlas: Atlas, flt: SiteFilter, fmt: str) -> int:
    sites = filter_sites(atlas.sites, flt)
    table = province_summary(sites, atlas.units)
    if fmt == "json":
        print(json.dumps(table.to_dict(orient="records"), ensure_ascii=False, indent=1))
        return 0
    cols = ["unit", "area_km2", "sites", "mapped_sites", "sites_per_10k_km2"]
    cols += [c for c in table.columns if c.startswith("type:")]
    print(table[cols].to_string(index=False))
    minerals = [c for c in table.columns if c.startswith("mineral:")]
    if minerals:
        by_mineral = table.set_index("unit")[minerals]
        by_mineral.columns = [c.split(":", 1)[1] for c in minerals]
        print()
        print(by_mineral.T.to_string())
    print(f"\n{len(sites)} site(s) match")
    return 0


def _export(atlas: Atlas, flt: SiteFilter, layer: str, output: Path) -> int:
    format_for(output)  # fail on a bad extension before doing any work
    sites = filter_sites(atlas.sites, flt)
    if layer == "sites":
        frame = sites
    elif layer == "projects":
        frame = filter_projects(atlas.projects, atlas.sites, flt)
    else:
        frame = atlas.units
        if flt.provinces:
            frame = frame[frame["name"].isin(flt.provinces)]
    export_file(frame, output, layer)
    print(f"wrote {len(frame)} {layer} to {output}")
    return 0
