"""What changed between two editions of the data: added, removed and changed records, field by
field, for ``python -m geo diff OLD NEW`` and for the app's "what changed in this release".

Records are compared as the CSV files hold them (cell text, matched by ``id``), not as the loaders
clean them: an older release must stay comparable even where it breaks today's checks (release 1
has rows without ``as_of``), and a diff should show exactly what an editor changed.
"""

from __future__ import annotations

import csv
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import AtlasError
from geo.model import fields
from geo.model.provinces import normalise_unit
from geo.model.vocabulary import Vocabulary
from geo.paths import DATA_DIR
from geo.views.query import SiteFilter, filter_sites

# The tables a release diff covers, in the order they are reported.
DIFF_LAYERS = ("sites", "projects", "infrastructure")
VERSION_FILE = "VERSION"
# The previous release's tables ship in data/releases/<version>/ so the app can show what changed
# without git (nothing is fetched at run time); scripts/snapshot_release.py writes them.
RELEASES_DIR = "releases"


class DiffError(AtlasError):
    """The editions to compare cannot be read (no such folder or git revision)."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RecordChange:
    """One record added, removed or changed; ``fields`` lists the changed cells of a change."""

    layer: str
    id: str
    kind: str  # added | removed | changed
    name: str
    fields: tuple[FieldChange, ...] = ()

    def lines(self) -> list[str]:
        """The record as the CLI prints it: one line, plus one per changed field."""
        mark = {"added": "+", "removed": "-", "changed": "~"}[self.kind]
        out = [f"{mark} {self.id} ({self.name})"]
        out += [f"    {f.field}: {f.old!r} -> {f.new!r}" for f in self.fields]
        return out


@dataclass(frozen=True)
class DataDiff:
    old: str
    new: str
    changes: tuple[RecordChange, ...] = field(default_factory=tuple)

    def of(self, layer: str, kind: str | None = None) -> list[RecordChange]:
        """The changes to ``layer``, only those of ``kind`` (added, removed, changed) if given."""
        return [c for c in self.changes if c.layer == layer and (kind is None or c.kind == kind)]

    def counts(self, layer: str) -> dict[str, int]:
        """How many records of ``layer`` were added, removed and changed."""
        return {k: len(self.of(layer, k)) for k in ("added", "removed", "changed")}

    def report(self) -> str:
        """The whole diff as text: per layer a count line, then every record."""
        out = [f"diff {self.old} -> {self.new}"]
        for layer in DIFF_LAYERS:
            counts = self.counts(layer)
            out.append(
                f"{layer}: {counts['added']} added, {counts['removed']} removed, "
                f"{counts['changed']} changed"
            )
            for change in self.of(layer):
                out += [f"  {line}" for line in change.lines()]
        return "\n".join(out)


def read_table(path: Path) -> dict[str, dict[str, str]]:
    """id -> {column: cell text} of a CSV table; a missing file is an empty table."""
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = {}
        for row in csv.DictReader(fh):
            cells = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
            if cells.get("id"):
                rows.setdefault(cells["id"], cells)
        return rows


def diff_tables(
    layer: str, old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]
) -> list[RecordChange]:
    """Added (in ``new`` only), removed (in ``old`` only) and changed records, in id order.

    A column present in one edition only counts as changed where its cell is non-empty."""
    changes = []
    for rid in sorted(set(old) | set(new)):
        before, after = old.get(rid), new.get(rid)
        if before is None:
            changes.append(RecordChange(layer, rid, "added", after.get("name", "")))
        elif after is None:
            changes.append(RecordChange(layer, rid, "removed", before.get("name", "")))
        else:
            columns = list(before) + [c for c in after if c not in before]
            fields = tuple(
                FieldChange(c, before.get(c, ""), after.get(c, ""))
                for c in columns
                if before.get(c, "") != after.get(c, "")
            )
            if fields:
                changes.append(RecordChange(layer, rid, "changed", after.get("name", ""), fields))
    return changes


def diff_folders(old: Path, new: Path, layers: Iterable[str] = DIFF_LAYERS) -> DataDiff:
    """The difference between two data folders (each with sites.csv, projects.csv …)."""
    for folder in (old, new):
        if not Path(folder).is_dir():
            raise DiffError(f"`{folder}` is not a data folder")
    changes: list[RecordChange] = []
    for layer in layers:
        changes += diff_tables(
            layer, read_table(Path(old) / f"{layer}.csv"), read_table(Path(new) / f"{layer}.csv")
        )
    return DataDiff(str(old), str(new), tuple(changes))


def folder_at_revision(revision: str, into: Path, repo: Path | None = None) -> Path:
    """Write the data tables as they were at git ``revision`` into the folder ``into``.

    Reads with ``git show REV:data/<table>.csv``; a table the revision lacks is left out (an
    empty table). Raises DiffError when ``revision`` is not a revision of the repository."""
    repo = repo or DATA_DIR.parent
    check = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode != 0:
        raise DiffError(f"`{revision}` is neither a data folder nor a git revision of {repo}")
    into.mkdir(parents=True, exist_ok=True)
    for layer in DIFF_LAYERS:
        shown = subprocess.run(
            ["git", "-C", str(repo), "show", f"{revision}:data/{layer}.csv"],
            capture_output=True,
            check=False,
        )
        if shown.returncode == 0:
            (into / f"{layer}.csv").write_bytes(shown.stdout)
    return into


def bundled_edition(name: str, data_dir: Path = DATA_DIR) -> Path | None:
    """The folder of a bundled edition named by release number (``1.0.0``) or ``current``."""
    if name == "current":
        return data_dir
    folder = data_dir / RELEASES_DIR / name
    return folder if name and folder.is_dir() else None


def diff_editions(old: str, new: str, repo: Path | None = None) -> DataDiff:
    """Compare two editions, each a bundled release number (``1.0.0``, ``current``), a data
    folder or a git revision (read into a temporary folder that is removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="atlas-diff-") as tmp:
        folders = []
        for n, edition in enumerate((old, new)):
            path = bundled_edition(edition) or Path(edition)
            if not path.is_dir():
                path = folder_at_revision(edition, Path(tmp) / str(n), repo)
            folders.append(path)
        result = diff_folders(*folders)
    return DataDiff(old, new, result.changes)


def data_version(data_dir: Path = DATA_DIR) -> str:
    """The release number in ``data/VERSION`` ("" when the folder has none)."""
    path = data_dir / VERSION_FILE
    return path.read_text(encoding="utf-8").strip() if path.is_file() else ""


def previous_release(data_dir: Path = DATA_DIR) -> Path | None:
    """The folder of the newest bundled earlier release, or None."""
    root = data_dir / RELEASES_DIR
    if not root.is_dir():
        return None
    versions = sorted(
        (p for p in root.iterdir() if p.is_dir()),
        key=lambda p: tuple(int(x) if x.isdigit() else 0 for x in p.name.split(".")),
    )
    return versions[-1] if versions else None


def release_changes(
    sites: gpd.GeoDataFrame,
    previous: Path | None,
    shown_ids: Iterable[str],
    removed_ids: Iterable[str] = (),
    current: Path | None = None,
) -> pd.DataFrame:
    """What this release changed among the sites a view shows: one row per added, changed or
    removed site with ``change`` (added/changed/removed), ``id``, ``name`` and ``fields`` (the
    changed fields, "; "-joined).

    ``shown_ids`` are the sites the filter keeps now; ``removed_ids`` the ids of the previous
    release's sites the filter would have kept (see ``removed_matching``). With no previous
    release the frame is empty."""
    columns = ["change", "id", "name", "fields"]
    if previous is None:
        return pd.DataFrame(columns=columns)
    current = current or DATA_DIR
    diff = diff_tables(
        "sites", read_table(previous / "sites.csv"), read_table(current / "sites.csv")
    )
    shown, removed = set(shown_ids), set(removed_ids)
    rows = []
    for change in diff:
        keep = change.id in removed if change.kind == "removed" else change.id in shown
        if keep:
            rows.append(
                {
                    "change": change.kind,
                    "id": change.id,
                    "name": change.name,
                    "fields": "; ".join(f.field for f in change.fields),
                }
            )
    order = {"added": 0, "changed": 1, "removed": 2}
    frame = pd.DataFrame(rows, columns=columns)
    frame["_order"] = frame["change"].map(order)
    return frame.sort_values(["_order", "id"]).drop(columns="_order").reset_index(drop=True)


def removed_matching(previous: Path | None, flt: SiteFilter, vocabulary: Vocabulary) -> set[str]:
    """Ids of the previous release's sites that ``flt`` (normalised) would keep, judged by their
    declared fields (they have no computed unit: a removed site is not loaded or joined)."""
    if previous is None:
        return set()
    rows = list(read_table(previous / "sites.csv").values())
    if not rows:
        return set()
    frame = pd.DataFrame(rows)
    for column in ("minerals", "site_type", "status", "province", "location_precision"):
        if column not in frame:
            frame[column] = ""
    frame["minerals"] = frame["minerals"].map(lambda text: vocabulary.normalise_many(text)[0])
    frame["province"] = frame["province"].map(lambda p: normalise_unit(p) or p)
    frame["unit"] = None
    for column in fields.searchable_columns():
        if column not in frame:
            frame[column] = ""
    return set(filter_sites(gpd.GeoDataFrame(frame), flt)["id"])
