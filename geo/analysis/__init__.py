"""Raster analysis: the surface registry, the surfaces themselves, GeoTIFF in and out.

Modules and their public functions and classes:

- ``distance``: Great-circle distance, the one distance the atlas measures with.
  haversine_km
- ``geotiff``: GeoTIFF in and out: surfaces written for any GIS, users' rasters read safely for
    display.
  surface_to_geotiff, DisplayRaster, display_surface, read_user_raster, hillshade
- ``raster``: Raster surfaces over Pakistan: site density, distance to processing, refinery siting.
  Grid, Surface, pakistan_grid, density_surface, processing_facilities, distance_surface,
  siting_surface, best_cells, nearest_facility
- ``siting``: The best places of a siting surface: distinct locations, not adjacent cells of one
    spot.
  best_places
- ``surfaces``: The raster surfaces, each declared once: the registry the app, the URL, the CLI and
  Param, SurfaceInputs, SurfaceSpec, surface_spec, surface_parameters, compute_surface
"""
