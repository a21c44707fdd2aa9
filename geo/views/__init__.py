"""Views of the atlas: filters, province joins, summaries, map view and URL state.

Modules and their public functions and classes:

- ``join``: Which boundary unit each site falls in, and where that disagrees with the source.
  Disagreement, assign_units, disagreements
- ``query``: One filter object, applied the same way by the app, the CLI and the exporters.
  SiteFilter, filter_sites, filter_projects
- ``summary``: Per-unit summaries: counts by mineral, site type and status, and site density.
  site_unit, province_summary
- ``view``: The map view that fits a set of sites (centre and zoom), computed without a browser.
  fit_view
- ``viewstate``: What a view of the atlas is (filters and map options) and how it travels in a URL.
  ViewOption, options, option, ViewState, state_values, state_from_values, to_params,
  from_params, add_filter_arguments, filter_from_arguments
"""
