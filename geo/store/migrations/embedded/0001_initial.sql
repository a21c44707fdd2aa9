-- The embedded store: a GeoPackage (an SQLite file that QGIS, GDAL and pyogrio open as layers).
-- Feature tables have an integer `fid` and a GeoPackage geometry column `geom` in EPSG:4326 and
-- are registered in gpkg_contents / gpkg_geometry_columns, views included.
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;

CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
    srs_name text NOT NULL,
    srs_id integer NOT NULL PRIMARY KEY,
    organization text NOT NULL,
    organization_coordsys_id integer NOT NULL,
    definition text NOT NULL,
    description text
);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE IF NOT EXISTS gpkg_contents (
    table_name text NOT NULL PRIMARY KEY,
    data_type text NOT NULL,
    identifier text UNIQUE,
    description text DEFAULT '',
    last_change datetime NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    min_x double, min_y double, max_x double, max_y double,
    srs_id integer REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
    table_name text NOT NULL UNIQUE REFERENCES gpkg_contents (table_name),
    column_name text NOT NULL,
    geometry_type_name text NOT NULL,
    srs_id integer NOT NULL REFERENCES gpkg_spatial_ref_sys (srs_id),
    z tinyint NOT NULL,
    m tinyint NOT NULL,
    PRIMARY KEY (table_name, column_name)
);

CREATE TABLE sites (
    fid integer PRIMARY KEY,
    id text NOT NULL UNIQUE,
    name text NOT NULL,
    site_type text NOT NULL DEFAULT '',
    minerals text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT '',
    operator text NOT NULL DEFAULT '',
    owners text NOT NULL DEFAULT '',
    district text NOT NULL DEFAULT '',
    province text NOT NULL DEFAULT '',
    lat double,
    lon double,
    location_precision text NOT NULL DEFAULT '',
    location_source text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT '',
    source_url text NOT NULL DEFAULT '',
    as_of text NOT NULL DEFAULT '',
    notes text NOT NULL DEFAULT '',
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    changed_by text NOT NULL,
    changed_at text NOT NULL,
    change_source text NOT NULL,
    geom POINT
);

CREATE TABLE site_versions (
    fid integer PRIMARY KEY,
    site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    version integer NOT NULL,
    name text NOT NULL,
    site_type text NOT NULL DEFAULT '',
    minerals text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT '',
    operator text NOT NULL DEFAULT '',
    owners text NOT NULL DEFAULT '',
    district text NOT NULL DEFAULT '',
    province text NOT NULL DEFAULT '',
    lat double,
    lon double,
    location_precision text NOT NULL DEFAULT '',
    location_source text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT '',
    source_url text NOT NULL DEFAULT '',
    as_of text NOT NULL DEFAULT '',
    notes text NOT NULL DEFAULT '',
    changed_by text NOT NULL,
    changed_at text NOT NULL,
    changed_fields text NOT NULL DEFAULT '',
    change_source text NOT NULL,
    note text NOT NULL DEFAULT '',
    correction_id integer,
    geom POINT,
    UNIQUE (site_id, version)
);

CREATE TABLE corrections (
    id integer PRIMARY KEY,
    site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    changes text NOT NULL,
    previous text NOT NULL,
    base_version integer NOT NULL,
    proposed_by text NOT NULL,
    proposed_at text NOT NULL,
    source_url text NOT NULL DEFAULT '',
    note text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    reviewed_by text,
    reviewed_at text,
    review_note text NOT NULL DEFAULT ''
);
CREATE INDEX corrections_pending ON corrections (status, site_id);

CREATE TABLE datasets (
    id integer PRIMARY KEY,
    name text NOT NULL UNIQUE,
    description text NOT NULL DEFAULT '',
    licence text NOT NULL DEFAULT '',
    saved_by text NOT NULL,
    saved_at text NOT NULL,
    file_name text NOT NULL,
    file_size integer NOT NULL,
    file_sha256 text NOT NULL,
    rows_read integer NOT NULL,
    rows_accepted integer NOT NULL,
    rows_rejected integer NOT NULL,
    mapping text NOT NULL DEFAULT '{}',
    notes text NOT NULL DEFAULT '[]',
    site_columns text NOT NULL,
    reject_columns text NOT NULL
);

CREATE TABLE dataset_sites (
    fid integer PRIMARY KEY,
    dataset_id integer NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    source_row integer NOT NULL,
    site_id text NOT NULL,
    name text NOT NULL,
    site_type text NOT NULL,
    minerals text NOT NULL,
    status text NOT NULL,
    operator text NOT NULL,
    province text NOT NULL,
    unit text,
    lat double NOT NULL,
    lon double NOT NULL,
    flags text NOT NULL,
    properties text NOT NULL,
    geom POINT,
    UNIQUE (dataset_id, source_row)
);
-- Bounding-box queries on saved sites (the GeoPackage R-tree needs spatial SQL functions that
-- plain sqlite3 does not have; a B-tree on longitude answers the same box queries here).
CREATE INDEX dataset_sites_lon_lat ON dataset_sites (dataset_id, lon, lat);

CREATE TABLE dataset_rejects (
    dataset_id integer NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    source_row integer NOT NULL,
    reason text NOT NULL,
    original text NOT NULL,
    PRIMARY KEY (dataset_id, source_row)
);

CREATE TABLE release_minerals (
    id text PRIMARY KEY,
    name text NOT NULL,
    properties text NOT NULL
);

CREATE TABLE release_projects (
    fid integer PRIMARY KEY,
    id text NOT NULL UNIQUE,
    name text NOT NULL,
    status text NOT NULL,
    properties text NOT NULL,
    geom MULTIPOINT
);

CREATE TABLE release_units (
    fid integer PRIMARY KEY,
    name text NOT NULL UNIQUE,
    area_km2 double,
    geom MULTIPOLYGON NOT NULL
);

CREATE TABLE reviewer_attempts (
    id integer PRIMARY KEY,
    at double NOT NULL,
    ok integer NOT NULL
);

CREATE VIEW current_sites AS
SELECT fid, id, name, site_type, minerals, status, operator, owners, district, province, lat, lon,
       location_precision, location_source, source, source_url, as_of, notes,
       version, changed_by, changed_at, change_source, geom
FROM sites;

CREATE VIEW saved_sites AS
SELECT s.fid, d.name AS dataset, d.saved_by, d.licence, s.dataset_id, s.source_row, s.site_id,
       s.name, s.site_type, s.minerals, s.status, s.operator, s.province, s.unit, s.flags, s.geom
FROM dataset_sites s JOIN datasets d ON d.id = s.dataset_id;

CREATE VIEW pending_corrections AS
SELECT s.fid, c.id, c.site_id, s.name AS site_name, c.changes, c.previous, c.base_version,
       c.proposed_by, c.proposed_at, c.source_url, c.note, s.geom
FROM corrections c JOIN sites s ON s.id = c.site_id
WHERE c.status = 'pending';

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
    ('sites', 'features', 'sites', 'Sites (the release with accepted corrections)', 4326),
    ('site_versions', 'features', 'site_versions', 'Every version of every site', 4326),
    ('dataset_sites', 'features', 'dataset_sites', 'Sites of saved datasets', 4326),
    ('release_projects', 'features', 'release_projects', 'Projects of the loaded release', 4326),
    ('release_units', 'features', 'release_units', 'Boundary units of the loaded release', 4326),
    ('current_sites', 'features', 'current_sites', 'Current sites (view)', 4326),
    ('saved_sites', 'features', 'saved_sites', 'Saved datasets'' sites (view)', 4326),
    ('pending_corrections', 'features', 'pending_corrections', 'Pending corrections (view)', 4326);
INSERT INTO gpkg_geometry_columns VALUES
    ('sites', 'geom', 'POINT', 4326, 0, 0),
    ('site_versions', 'geom', 'POINT', 4326, 0, 0),
    ('dataset_sites', 'geom', 'POINT', 4326, 0, 0),
    ('release_projects', 'geom', 'MULTIPOINT', 4326, 0, 0),
    ('release_units', 'geom', 'MULTIPOLYGON', 4326, 0, 0),
    ('current_sites', 'geom', 'POINT', 4326, 0, 0),
    ('saved_sites', 'geom', 'POINT', 4326, 0, 0),
    ('pending_corrections', 'geom', 'POINT', 4326, 0, 0);
