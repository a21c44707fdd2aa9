"""Everything the app and the CLI need, loaded and joined once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import DataValidationError, Problem
from geo.model.boundaries import BoundarySource, load_boundaries
from geo.model.districts import DISTRICTS_NAME, district_problems, load_districts
from geo.model.infrastructure import INFRASTRUCTURE_NAME, check_infrastructure, empty_infrastructure
from geo.model.projects import check_projects, place_projects
from geo.model.provinces import normalise_unit
from geo.model.quality import stack_problems
from geo.model.sites import check_sites
from geo.model.table import read_records
from geo.model.vocabulary import Vocabulary, load_vocabulary
from geo.paths import DATA_DIR
from geo.views.join import Disagreement, assign_units, disagreements


@dataclass(frozen=True)
class Atlas:
    vocabulary: Vocabulary
    units: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame  # with `unit` and `province_matches`
    projects: gpd.GeoDataFrame
    disagreements: list[Disagreement] = field(default_factory=list)
    # Ports, rail heads and economic zones (infrastructure.csv); empty when the folder has none.
    infrastructure: gpd.GeoDataFrame = field(default_factory=empty_infrastructure)

    @property
    def units_are_provinces(self) -> bool:
        """True when every unit is a province/territory, so declared and computed compare."""
        return all(normalise_unit(n) for n in self.units["name"])


@dataclass(frozen=True)
class ValidationReport:
    atlas: Atlas | None
    problems: list[Problem]
    # False when the data folder ships no district layer, so points were not checked against
    # their declared districts (a private edition of the data, a test fixture).
    districts_checked: bool = False

    @property
    def ok(self) -> bool:
        """Whether every file passed (no problem was found)."""
        return not self.problems


def check_atlas(
    data_dir: Path = DATA_DIR, boundaries: BoundarySource | None = None
) -> ValidationReport:
    """Load every layer, collecting all problems of all files instead of stopping at the first.

    Mapped sites that fall outside every boundary unit are problems too: a point outside
    Pakistan is a wrong coordinate, not a fact to draw.
    """
    problems: list[Problem] = []
    try:
        vocabulary = load_vocabulary(data_dir / "minerals.csv")
    except DataValidationError as exc:
        return ValidationReport(None, exc.problems)
    units = load_boundaries(boundaries)
    sites, site_problems = check_sites(data_dir / "sites.csv", vocabulary)
    problems += site_problems
    projects, project_problems = check_projects(sites, data_dir / "projects.csv", vocabulary)
    problems += project_problems
    joined = assign_units(sites, units)
    outside = joined[joined.geometry.notna() & joined["unit"].isna()]
    for _, row in outside.iterrows():
        problems.append(
            Problem(
                "sites.csv",
                None,
                "lat/lon",
                f"site {row['id']!r} at ({row['lat']}, {row['lon']})",
                "a point inside one of the boundary units (Pakistan)",
            )
        )
    infrastructure, infra_problems = check_infrastructure(data_dir / INFRASTRUCTURE_NAME)
    problems += infra_problems
    lines = site_lines(data_dir / "sites.csv")
    problems += stack_problems(joined, lines)
    district_file = data_dir / "boundaries" / DISTRICTS_NAME
    if district_file.is_file():
        districts = load_districts(district_file)
        problems += district_problems(joined, districts, lines)
        if not infrastructure.empty:
            infra_lines = site_lines(data_dir / INFRASTRUCTURE_NAME)
            problems += district_problems(
                infrastructure, districts, infra_lines, INFRASTRUCTURE_NAME
            )
    atlas = _joined_atlas(vocabulary, units, joined, projects, infrastructure)
    return ValidationReport(atlas, problems, district_file.is_file())


def site_lines(path: Path) -> dict[str, int]:
    """id -> line of each record, so problems found after loading can name their line."""
    lines: dict[str, int] = {}
    for record in read_records(path, ("id",), []):
        lines.setdefault(record.cells.get("id", ""), record.line)
    return lines


def load_atlas(data_dir: Path = DATA_DIR, boundaries: BoundarySource | None = None) -> Atlas:
    """Load everything; raise DataValidationError listing every problem if any file is wrong."""
    report = check_atlas(data_dir, boundaries)
    if not report.ok:
        raise DataValidationError(str(data_dir), report.problems)
    assert report.atlas is not None
    return report.atlas


def with_units(atlas: Atlas, units: gpd.GeoDataFrame) -> Atlas:
    """The same data joined to other boundary units (e.g. a user's district file)."""
    joined = assign_units(atlas.sites.drop(columns=["unit", "province_matches"]), units)
    return _joined_atlas(atlas.vocabulary, units, joined, atlas.projects, atlas.infrastructure)


def _joined_atlas(vocabulary, units, joined, projects, infrastructure=None) -> Atlas:
    # Declared and computed provinces only compare when the units are provinces; with district
    # boundaries every site would "disagree".
    if infrastructure is None:
        infrastructure = empty_infrastructure()
    provinces = Atlas(vocabulary, units, joined, projects).units_are_provinces
    found = disagreements(joined, units) if provinces else []
    return Atlas(vocabulary, units, joined, projects, found, infrastructure)


def combine_sites(
    bundled: gpd.GeoDataFrame, imported: list[gpd.GeoDataFrame] | gpd.GeoDataFrame | None
) -> gpd.GeoDataFrame:
    """Bundled and imported sites in one frame, told apart by ``dataset``, so that filters,
    tables, summaries and exports treat them alike."""
    out = bundled.assign(dataset="bundled")
    if imported is None:
        imported = []
    elif isinstance(imported, gpd.GeoDataFrame):
        imported = [imported]
    frames = [f for f in imported if not f.empty]
    if not frames:
        return out
    combined = pd.concat([out, *frames], ignore_index=True)
    return gpd.GeoDataFrame(combined, geometry="geometry", crs=bundled.crs)


def with_sites(atlas: Atlas, sites: gpd.GeoDataFrame) -> Atlas:
    """The same atlas with other site rows (e.g. accepted corrections applied), joined again."""
    joined = assign_units(
        sites.drop(columns=["unit", "province_matches"], errors="ignore"), atlas.units
    )
    projects = place_projects(atlas.projects, joined)
    return _joined_atlas(atlas.vocabulary, atlas.units, joined, projects, atlas.infrastructure)
