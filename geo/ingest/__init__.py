"""Bringing users' files in safely: readers per format, coordinates, zip checks, the importer.

Modules and their public functions and classes:

- ``coords``: Reading one coordinate written the many ways spreadsheets and reports write them.
  parse_coordinate
- ``importer``: Importing a user's own sites: detect columns, check and normalise every row, report
    the rest.
  ImportResult, detect_columns, resolve_mapping, import_sites
- ``limits``: Every limit on what one upload or one link may cost, in one table.
  Limit, mib, describe
- ``readers``: Turning an uploaded file (name + bytes) into rows the importer can check.
  RawRows, read_upload, decode_text, check_workbook, unpacked_upload
- ``safezip``: Extracting an uploaded zip (zipped Shapefile, KMZ) without trusting it.
  safe_extract
- ``sniff``: Making sure an uploaded vector file is the format its name promises before GDAL opens
    it.
  VectorFormat, FormatMismatchError, check_vector_file, check_driver
"""
