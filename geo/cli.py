"""``python -m geo``: validate, summarise and export the atlas from the command line.

Every command goes through the same geo functions the app uses.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from geo.analysis.geotiff import surface_to_geotiff
from geo.analysis.raster import best_cells
from geo.analysis.surfaces import SURFACES, SurfaceSpec, compute_surface
from geo.errors import AtlasError, DataValidationError, ExportError, MissingFileError
from geo.export.writers import LAYERS, export_file, export_view, format_for
from geo.ingest.importer import ColumnMappingError, ImportResult, import_sites
from geo.model.atlas import Atlas, check_atlas, load_atlas
from geo.model.boundaries import BoundarySource
from geo.model.diff import diff_editions
from geo.model.districts import DISTRICTS_NAME
from geo.model.quality import coordinate_stacks, mineral_counts, precision_mix
from geo.paths import DATA_DIR
from geo.store import commands as store_commands
from geo.store.errors import ConflictError, SchemaError, StoreUnavailableError
from geo.views.query import SiteFilter, filter_sites
from geo.views.summary import province_summary
from geo.views.viewstate import add_filter_arguments, filter_from_arguments


class _Parser(argparse.ArgumentParser):
    """argparse prints usage plus an error over several lines; the CLI promises one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"geo: error: {message} (see `python -m geo {self._sub()}--help`)\n")
        raise SystemExit(2)

    def _sub(self) -> str:
        # prog is "python -m geo" followed by the sub-commands, e.g. "raster siting".
        return "".join(f"{word} " for word in self.prog.split()[3:])


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder with the CSV files")
    p.add_argument(
        "--boundaries",
        metavar="PATH[#NAME_COLUMN]",
        help="use this boundary file instead of the bundled provinces (any format pyogrio reads)",
    )


def _add_filters(p: argparse.ArgumentParser) -> None:
    # The same filter options as the page and its links (geo/views/viewstate.py).
    add_filter_arguments(p)


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m geo`` argument parser: one sub-command per job, the raster flags
    generated from the surface registry (geo/analysis/surfaces.py)."""
    parser = _Parser(prog="python -m geo", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    v = sub.add_parser("validate", help="check every data file and report counts and problems")
    d = sub.add_parser(
        "diff",
        help="added, removed and changed records between two editions of the data",
        description="Compare two editions of the data, each a bundled release number (1.0.0, "
        "current), a data folder or a git revision (read with `git show REV:data/...`), and "
        "print added, removed and changed records field by field.",
    )
    d.add_argument("old", help="release number, data folder or git revision of the older edition")
    d.add_argument("new", help="release number, data folder or git revision of the newer edition")
    d.add_argument("--format", choices=("text", "json"), default="text")
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
    i = sub.add_parser("import", help="check a file of your own sites; write what was accepted")
    _add_common(i)
    i.add_argument(
        "file", type=Path, help="CSV, TSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile, KML, KMZ"
    )
    i.add_argument(
        "--map",
        default="",
        metavar="FIELD=COLUMN,...",
        help="which column holds which field, e.g. lat=Y,lon=X,name=Site,minerals=Ore",
    )
    i.add_argument("--crs", help="CRS of a table's coordinate columns (default: WGS84 degrees)")
    i.add_argument("--sheet", default="0", help="sheet name or number of an XLSX file")
    i.add_argument(
        "--fix-swapped",
        action="store_true",
        help="swap back latitude/longitude that are recognisably swapped",
    )
    i.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        help="accepted sites; .geojson/.json, .gpkg or .csv picks the format",
    )
    i.add_argument(
        "--rejects", type=Path, help="rejected rows as CSV (default: OUTPUT.rejects.csv)"
    )
    r = sub.add_parser(
        "raster",
        help="compute a surface (" + ", ".join(SURFACES) + ") as GeoTIFF",
        description="Compute a raster surface of the filtered sites and write it as GeoTIFF.",
    )
    kinds = r.add_subparsers(dest="kind", required=True, metavar="SURFACE", parser_class=_Parser)
    for spec in SURFACES.values():
        _add_surface(kinds, spec)
    store_commands.add_commands(sub, _Parser)
    return parser


def _add_surface(kinds, spec: SurfaceSpec) -> None:
    """``raster <surface>`` with one flag per parameter its registry entry declares."""
    k = kinds.add_parser(spec.name, help=f"{spec.label} ({spec.units})", description=spec.label)
    _add_common(k)
    _add_filters(k)
    for param in spec.params:
        extra = {"type": type(param.default)}
        if not param.numeric:
            extra = {"choices": tuple(param.choices)}
        k.add_argument(
            param.flag,
            dest=param.name,
            default=param.default,
            help=f"{param.help}; {param.allowed()} (default {param.default})",
            **extra,
        )
    k.add_argument("-o", "--output", required=True, type=Path, help="GeoTIFF to write (.tif)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` names (default: the process's arguments); return its exit status.

    Bad input of any kind (an AtlasError) exits with status 2 and one line on stderr.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    output = getattr(args, "output", None)
    if output is not None and not output.parent.exists():
        # The README's examples write into out/ (gitignored); a new folder is made, not refused.
        output.parent.mkdir(parents=True)
    try:
        if args.command in store_commands.COMMANDS:
            return store_commands.run(args)
        if args.command == "diff":
            return _diff(args.old, args.new, args.format)
        boundaries = BoundarySource.from_setting(args.boundaries) if args.boundaries else None
        if args.command == "validate":
            return _validate(args.data_dir, boundaries)
        if args.command == "import":
            return _import(args, load_atlas(args.data_dir, boundaries))
        atlas = load_atlas(args.data_dir, boundaries)
        flt = filter_from_arguments(args).normalised(atlas.vocabulary, atlas.units["name"])
        if args.command == "summary":
            return _summary(atlas, flt, args.format)
        if args.command == "raster":
            return _raster(atlas, flt, args)
        return _export(atlas, flt, args.layer, args.output)
    except (StoreUnavailableError, SchemaError, ConflictError) as exc:
        # Not bad input but the state of the store: exit status 1, as for a failed command.
        sys.stderr.write(f"geo: {' '.join(str(exc).split())}\n")
        return 1
    except DataValidationError as exc:
        # The data folder is input too; its full list of problems is `validate`'s job.
        parser.error(
            f"{len(exc.problems)} problem(s) in {exc.file}, the first: {exc.problems[0]}; "
            "`python -m geo validate` lists them all"
        )
    except AtlasError as exc:
        parser.error(" ".join(str(exc).split()))
    return 0


def _diff(old: str, new: str, fmt: str) -> int:
    result = diff_editions(old, new)
    if fmt == "json":
        print(json.dumps([asdict(c) for c in result.changes], ensure_ascii=False, indent=1))
    else:
        print(result.report())
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
        mix = precision_mix(sites)
        mapped_mix = {k: v for k, v in mix.items() if k != "unknown"}
        share = {k: f"{k} {v} ({100 * v / max(mapped, 1):.0f} %)" for k, v in mapped_mix.items()}
        print(f"precision:  {', '.join(share.values())} of mapped; unknown {mix['unknown']}")
        stacks = coordinate_stacks(sites)
        largest = str(stacks[0]) if stacks else "none (no two sites share a point)"
        print(f"stacks:     {len(stacks)} shared points; largest: {largest}")
        seeds = mineral_counts(sites)
        print(f"seed minerals: {', '.join(f'{k} {v}' for k, v in seeds.items())}")
        if not report.districts_checked:
            print(f"districts:  not checked (no boundaries/{DISTRICTS_NAME} in {data_dir})")
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
    frame = export_view(atlas, flt, layer)
    export_file(frame, output, layer)
    print(f"wrote {len(frame)} {layer} to {output}")
    return 0


def _parse_map(text: str) -> dict[str, str]:
    mapping = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ColumnMappingError(f"`--map` had {part!r} but expects FIELD=COLUMN pairs")
        mapping[field.strip()] = column.strip()
    return mapping


def import_file_arg(args: argparse.Namespace, atlas: Atlas) -> tuple[ImportResult, bytes]:
    """Import the file named by ``args.file`` with the import options of the command line
    (``--map``, ``--crs``, ``--fix-swapped``, ``--sheet``): the one path that ``geo import`` and
    ``geo datasets save`` share. Returns the result and the file's bytes (read once). Raises
    MissingFileError when the file does not exist."""
    if not args.file.exists():
        raise MissingFileError(f"{args.file} does not exist")
    data = args.file.read_bytes()
    sheet: str | int = int(args.sheet) if args.sheet.isdigit() else args.sheet
    result = import_sites(
        args.file.name,
        data,
        vocabulary=atlas.vocabulary,
        units=atlas.units,
        bundled=atlas.sites,
        mapping=_parse_map(args.map),
        crs=args.crs,
        fix_swapped=args.fix_swapped,
        sheet=sheet,
    )
    return result, data


def _import(args: argparse.Namespace, atlas: Atlas) -> int:
    format_for(args.output)
    result, _ = import_file_arg(args, atlas)
    export_file(result.accepted, args.output, "sites")
    rejects = args.rejects or args.output.with_suffix(".rejects.csv")
    rejects.write_bytes(result.rejected.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    for note in result.notes:
        print(f"note: {note}")
    print(f"columns: {', '.join(f'{k}={v}' for k, v in result.mapping.items())}")
    print(f"read {result.read}, accepted {len(result.accepted)}, rejected {len(result.rejected)}")
    flagged = result.accepted[result.accepted["flags"].map(bool)]
    for _, row in flagged.iterrows():
        print(f"  row {row['row']} accepted with: {'; '.join(row['flags'])}")
    for _, row in result.rejected.iterrows():
        print(f"  row {row['row']} rejected: {row['reason']}")
    print(f"wrote {args.output} and {rejects}")
    return 0


def _raster(atlas: Atlas, flt: SiteFilter, args: argparse.Namespace) -> int:
    if args.output.suffix.lower() not in (".tif", ".tiff"):
        raise ExportError(f"`output` was {str(args.output)!r} but a raster must end in .tif")
    spec = SURFACES[args.kind]
    params = {p.name: getattr(args, p.name) for p in spec.params}
    surface = compute_surface(
        args.kind, atlas.sites, atlas.units, flt, atlas.infrastructure, **params
    )
    args.output.write_bytes(surface_to_geotiff(surface))
    values = surface.values
    print(f"{surface.description}")
    print(
        f"{surface.grid.width} x {surface.grid.height} cells of {surface.grid.cell_km:g} km; "
        f"{surface.units}: min {float(np.nanmin(values)):.2f}, max {float(np.nanmax(values)):.2f}"
    )
    if "best_cells" in spec.outputs:
        print("best cells (straight-line distance, not road or rail access):")
        print(best_cells(surface, atlas.units).to_string(index=False))
    print(f"wrote {args.output}")
    return 0
