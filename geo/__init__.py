"""Loading, validating, joining, querying and exporting the atlas data (no UI code here)."""

from geo.errors import BoundaryError, DataValidationError, ExportError, FilterError, Problem
from geo.export.writers import export_bytes, export_file
from geo.model.atlas import Atlas, ValidationReport, check_atlas, load_atlas
from geo.model.boundaries import BoundarySource, load_boundaries
from geo.model.vocabulary import Vocabulary, load_vocabulary
from geo.views.query import SiteFilter, filter_projects, filter_sites
from geo.views.summary import province_summary

__all__ = [
    "Atlas",
    "BoundaryError",
    "BoundarySource",
    "DataValidationError",
    "ExportError",
    "FilterError",
    "Problem",
    "SiteFilter",
    "ValidationReport",
    "Vocabulary",
    "check_atlas",
    "export_bytes",
    "export_file",
    "filter_projects",
    "filter_sites",
    "load_atlas",
    "load_boundaries",
    "load_vocabulary",
    "province_summary",
]
