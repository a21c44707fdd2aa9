"""Taking data away: GeoJSON, GeoPackage and CSV writers.

Modules and their public functions and classes:

- ``geojson``: RFC 7946 GeoJSON serialisation: WGS84 lon/lat, no ``crs`` member, exterior rings
  feature_collection, dumps, geometry, json_value
- ``writers``: Writing layers to GeoJSON (RFC 7946), GeoPackage or CSV, chosen by file extension.
  export_view, format_for, export_bytes, export_file, flat, neutralise_formulas, table_csv
"""
