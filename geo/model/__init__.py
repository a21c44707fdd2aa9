"""The data model and its checks: sites, projects, vocabulary, boundaries, the joined Atlas.

Modules and their public functions and classes:

- ``atlas``: Everything the app and the CLI need, loaded and joined once.
  Atlas, ValidationReport, check_atlas, site_lines, load_atlas, with_units, combine_sites,
  with_sites
- ``basemap``: The bundled offline basemap: land and borders, province outlines, place names.
  OfflineBasemap, load_offline_basemap
- ``boundaries``: Loading province (or any other) boundary polygons.
  BoundarySource, load_boundaries, read_boundary_upload, boundary_columns, holds_polygons
- ``checks``: Cell checks shared by the site and project loaders.
  RowChecker, check_unique
- ``crs``: Coordinate reference systems used across the atlas.
- ``details``: Records as a reader sees them: one site's full record and the projects around it.
  site_record, projects_of_site, unlocated_projects
- ``diff``: What changed between two editions of the data: added, removed and changed records,
    field by
  DiffError, FieldChange, RecordChange, DataDiff, read_table, diff_tables, diff_folders,
  folder_at_revision, bundled_edition, diff_editions, data_version, previous_release,
  release_changes, removed_matching
- ``districts``: The bundled district layer, and the check that a site's point lies in its declared
    district.
  DistrictMiss, load_districts, resolve_district, district_misses, district_areas,
  oversized_district_points, district_problems
- ``fields``: The site field schema: every column of data/sites.csv declared once.
  PrecisionClass, Field, site_columns, site_field, import_fields, popup_fields,
  searchable_columns, clean_cell, imported_value, split_list
- ``infrastructure``: The infrastructure layer: sea ports, dry ports, rail heads and special
    economic zones from
  load_infrastructure, check_infrastructure, empty_infrastructure, ports
- ``normalise``: The one way the atlas compares words, and the one test of a web address.
  key, is_web_url
- ``projects``: The projects layer: investment projects and agreements from ``data/projects.csv``.
  check_projects, place_projects
- ``provinces``: Names of Pakistan's first-level units and the spellings sources use for them.
  normalise_unit
- ``quality``: Quality measures of a site layer: coordinate stacks (several sites on one identical
    point),
  Stack, coordinate_stacks, stack_problems, precision_mix, mineral_counts
- ``sites``: The sites layer: deposits, mines and processing facilities from ``data/sites.csv``.
  load_sites, check_sites, check_site_row, site_frame, precision_help
- ``table``: Reading a CSV table as raw strings with the line number of every record.
  Record, read_records, points_frame
- ``vocabulary``: The mineral vocabulary: canonical ids and every spelling that maps to them.
  Mineral, Vocabulary, load_vocabulary
"""
