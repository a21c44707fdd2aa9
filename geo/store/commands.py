"""``python -m geo db|datasets|review``: the store from the command line.

The same store functions the app calls; the store is the one the settings name
(``ATLAS_DATABASE_URL``, else ``ATLAS_STORE``, else the user's data directory) unless ``--store``
says otherwise.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from geo.export.writers import export_file, format_for
from geo.model.atlas import load_atlas
from geo.paths import DATA_DIR
from geo.store import open_store, store_target
from geo.store.auth import hash_password, operator
from geo.store.base import EDITABLE, SqlStore
from geo.store.errors import InvalidChangeError

COMMANDS = ("db", "datasets", "review")


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="URL_OR_PATH",
        help="postgresql://… URL or GeoPackage file (default: ATLAS_DATABASE_URL, ATLAS_STORE, "
        "or the user's data directory)",
    )


def add_commands(sub, parser_class) -> None:
    """Add the store's sub-commands to ``python -m geo``'s parser."""
    db = sub.add_parser("db", help="set up and inspect the store (embedded file or PostGIS)")
    dbs = db.add_subparsers(dest="action", required=True, parser_class=parser_class)
    _store_option(dbs.add_parser("init", help="create or upgrade the schema (re-runnable)"))
    load = dbs.add_parser("load", help="load the bundled release (idempotent; prints counts)")
    _store_option(load)
    load.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder with the CSV files")
    _store_option(dbs.add_parser("status", help="schema version and counts"))
    ex = dbs.add_parser("export-changes", help="accepted corrections in the sites.csv columns")
    _store_option(ex)
    ex.add_argument("-o", "--output", required=True, type=Path, help="CSV file to write")
    grants = dbs.add_parser("grants", help="print GRANTs for a least-privilege app role")
    grants.add_argument("role")
    grants.add_argument("--database", default="atlas")

    ds = sub.add_parser("datasets", help="saved datasets: save, list, show, export, delete")
    dss = ds.add_subparsers(dest="action", required=True, parser_class=parser_class)
    save = dss.add_parser("save", help="import a file (same checks as `import`) and save it")
    _store_option(save)
    save.add_argument("file", type=Path)
    save.add_argument("--name", required=True)
    save.add_argument("--description", default="")
    save.add_argument("--licence", default="")
    save.add_argument("--saved-by", required=True, help="your name (shown with the dataset)")
    save.add_argument("--map", default="", metavar="FIELD=COLUMN,...")
    save.add_argument("--crs")
    save.add_argument("--sheet", default="0")
    save.add_argument("--fix-swapped", action="store_true")
    save.add_argument("--data-dir", type=Path, default=DATA_DIR)
    _store_option(dss.add_parser("list", help="every saved dataset"))
    show = dss.add_parser("show", help="a dataset's description, fingerprint and rejects")
    _store_option(show)
    show.add_argument("dataset", help="name (or id)")
    export = dss.add_parser("export", help="write a dataset's sites (and its rejects)")
    _store_option(export)
    export.add_argument("dataset")
    export.add_argument("-o", "--output", required=True, type=Path)
    export.add_argument("--rejects", type=Path, help="rejected rows as CSV")
    delete = dss.add_parser("delete", help="delete a dataset (your own, or any as reviewer)")
    _store_option(delete)
    delete.add_argument("dataset")
    delete.add_argument("--by", required=True, help="your name")
    delete.add_argument(
        "--as-reviewer", action="store_true", help="delete someone else's dataset as reviewer"
    )

    rv = sub.add_parser("review", help="corrections: propose, list, accept, reject, history")
    rvs = rv.add_subparsers(dest="action", required=True, parser_class=parser_class)
    lst = rvs.add_parser("list", help="pending corrections (--all: every one)")
    _store_option(lst)
    lst.add_argument("--all", action="store_true")
    for verb in ("accept", "reject"):
        p = rvs.add_parser(verb, help=f"{verb} a pending correction")
        _store_option(p)
        p.add_argument("id", type=int)
        p.add_argument("--reviewer", required=True, help="your name (recorded)")
        p.add_argument("--note", default="")
        if verb == "accept":
            p.add_argument(
                "--over",
                type=int,
                metavar="VERSION",
                help="accept against this later site version after checking a conflict",
            )
    prop = rvs.add_parser("propose", help="propose a correction to a site")
    _store_option(prop)
    prop.add_argument("site")
    prop.add_argument(
        "--set",
        action="append",
        required=True,
        metavar="FIELD=VALUE",
        help=f"repeatable; fields: {', '.join(EDITABLE)}",
    )
    prop.add_argument("--by", required=True)
    prop.add_argument("--source-url", required=True)
    prop.add_argument("--note", default="")
    hist = rvs.add_parser("history", help="every version of a site")
    _store_option(hist)
    hist.add_argument("site")
    rvs.add_parser("hash-password", help="make a value for ATLAS_REVIEWER_HASH (reads stdin)")


def run(args: argparse.Namespace) -> int:
    """Run a store command; StoreError and friends propagate to the CLI's error handling."""
    if args.command == "db" and args.action == "grants":
        from geo.store.postgis import app_role_grants

        print("\n".join(app_role_grants(args.role, args.database)))
        return 0
    if args.command == "review" and args.action == "hash-password":
        password = (
            getpass.getpass("Reviewer password: ") if sys.stdin.isatty() else sys.stdin.readline()
        )
        print(hash_password(password.rstrip("\n")))
        return 0
    store = open_store(args.store or store_target())
    try:
        if args.command == "db":
            return _db(store, args)
        if args.command == "datasets":
            return _datasets(store, args)
        return _review(store, args)
    finally:
        store.close()


def _db(store: SqlStore, args: argparse.Namespace) -> int:
    if args.action == "init":
        done = store.init()
        print(f"store: {store.display}")
        print(f"applied: {', '.join(done)}" if done else "schema already up to date")
        print(f"schema version {store.schema_version()}")
        return 0
    if args.action == "status":
        status = store.status()
        print(f"store: {store.display} ({store.backend})")
        for key, value in status.items():
            print(f"{key}: {value}")
        return 0
    store.require_schema()
    if args.action == "load":
        counts = store.load_release(args.data_dir)
        print(f"store: {store.display}")
        print(
            f"sites: {counts['sites']} in the release; {counts['sites_added']} added, "
            f"{counts['sites_updated']} updated, {counts['sites_unchanged']} unchanged, "
            f"{counts['sites_kept']} kept (changed by accepted corrections)"
        )
        print(
            f"projects: {counts['projects']}, boundary units: {counts['units']}, "
            f"minerals: {counts['minerals']}"
        )
        return 0
    count = store.export_changes(args.output)
    print(f"wrote {count} changed site(s) to {args.output}")
    return 0


def _datasets(store: SqlStore, args: argparse.Namespace) -> int:
    store.require_schema()
    if args.action == "save":
        from geo.cli import import_file_arg

        result, data = import_file_arg(args, load_atlas(args.data_dir))
        info = store.save_dataset(
            result,
            data,
            name=args.name,
            saved_by=args.saved_by,
            description=args.description,
            licence=args.licence,
        )
        print(
            f"saved {info.name!r} (id {info.id}): read {info.rows_read}, accepted "
            f"{info.rows_accepted}, rejected {info.rows_rejected}; sha256 {info.file_sha256}"
        )
        return 0
    if args.action == "list":
        infos = store.list_datasets()
        for info in infos:
            print(
                f"{info.id}\t{info.name}\t{info.rows_accepted} sites\t{info.rows_rejected} "
                f"rejected\tby {info.saved_by}\t{info.saved_at}\t{info.file_name}"
            )
        print(f"{len(infos)} saved dataset(s) in {store.display}")
        return 0
    if args.action == "show":
        saved = store.load_dataset(args.dataset)
        info = saved.info
        fields = {k: v for k, v in vars(info).items() if k not in ("mapping", "notes")}
        for key, value in fields.items():
            print(f"{key}: {value}")
        print(f"columns: {json.dumps(info.mapping, ensure_ascii=False)}")
        for note in info.notes:
            print(f"note: {note}")
        for _, row in saved.rejected.iterrows():
            print(f"  row {row['row']} rejected: {row['reason']}")
        return 0
    if args.action == "export":
        format_for(args.output)
        saved = store.load_dataset(args.dataset)
        export_file(saved.as_layer(), args.output, "sites")
        print(f"wrote {len(saved.accepted)} sites to {args.output}")
        if args.rejects:
            args.rejects.write_bytes(
                saved.rejected.to_csv(index=False, lineterminator="\n").encode("utf-8")
            )
            print(f"wrote {len(saved.rejected)} rejected rows to {args.rejects}")
        return 0
    reviewer = operator(args.by) if args.as_reviewer else None
    name = store.dataset(args.dataset).name
    store.delete_dataset(args.dataset, by=args.by, reviewer=reviewer)
    print(f"deleted {name!r}")
    return 0


def _review(store: SqlStore, args: argparse.Namespace) -> int:
    store.require_schema()
    if args.action == "list":
        table = store.corrections(None if args.all else "pending")
        for _, row in table.iterrows():
            changes = ", ".join(
                f"{field}: {row['previous'].get(field, '')!r} -> {value!r}"
                for field, value in row["changes"].items()
            )
            print(
                f"{row['id']}\t{row['status']}\t{row['site_id']} ({row['site_name']})\t{changes}"
                f"\tby {row['proposed_by']}\t{row['source_url']}\t{row['note']}"
            )
        print(f"{len(table)} correction(s)")
        return 0
    if args.action == "accept":
        version = store.accept(
            args.id, operator(args.reviewer), expected_version=args.over, note=args.note
        )
        print(f"accepted correction {args.id}: the site is now at version {version}")
        return 0
    if args.action == "reject":
        store.reject(args.id, operator(args.reviewer), note=args.note)
        print(f"rejected correction {args.id}")
        return 0
    if args.action == "propose":
        changes = {}
        for item in args.set:
            field, sep, value = item.partition("=")
            if not sep:
                raise InvalidChangeError(f"`--set` had {item!r} but expects FIELD=VALUE")
            changes[field.strip()] = value
        number = store.propose(
            args.site, changes, proposed_by=args.by, source_url=args.source_url, note=args.note
        )
        print(f"proposed correction {number} to {args.site} (pending review)")
        return 0
    history = store.history(args.site)
    for _, row in history.iterrows():
        print(
            f"version {row['version']}\t{row['changed_at']}\t{row['changed_by']}\t"
            f"{row['changed_fields'] or '(first version)'}\t{row['change_source']}"
        )
    return 0
