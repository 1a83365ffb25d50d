-- Schema version 4: the ITA framework as versioned data, and the crosswalk of items between years.
-- framework_indicators / framework_items stay the framework in force (every question reads them);
-- they now hold the rows of each year's ACTIVE version. Every version ever loaded is kept whole in
-- framework_version_rows, so an earlier one can be restored (ita/store/framework.py).
--   framework_versions.state: active (in force for its year), superseded (replaced by a newer
--     version), proposed (a changed data/reference CSV while an editor's version is in force).
--   framework_versions.source: reference (data/reference/ita_framework.csv), import (an editor's
--     file), store (what a version-3 store held when it was migrated).
--   item_crosswalk: each item of a year linked to its counterparts in a later year (normally the
--     next); source derived (item names, rapidfuzz) or curated (data/reference/item_crosswalk.csv).
CREATE TABLE IF NOT EXISTS framework_versions (
    version_id  INTEGER PRIMARY KEY,
    fiscal_year SMALLINT NOT NULL,
    state       VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    created_by  VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    file_name   VARCHAR,
    sha256      VARCHAR,
    row_count   INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS framework_version_rows (
    version_id       INTEGER NOT NULL,
    line             INTEGER,
    fiscal_year_be   SMALLINT NOT NULL,
    tool             VARCHAR NOT NULL,
    indicator_no     SMALLINT,
    indicator_th     VARCHAR,
    indicator_en     VARCHAR,
    sub_indicator_th VARCHAR,
    topic_th         VARCHAR,
    item_code        VARCHAR,
    item_name_th     VARCHAR,
    confidence       VARCHAR,
    note             VARCHAR
);

CREATE TABLE IF NOT EXISTS item_crosswalk (
    from_year SMALLINT NOT NULL,
    from_code VARCHAR NOT NULL,
    to_year   SMALLINT NOT NULL,
    to_code   VARCHAR NOT NULL,
    relation  VARCHAR NOT NULL,
    score     DOUBLE,
    source    VARCHAR NOT NULL,
    note      VARCHAR
);

-- A version-3 store's framework becomes version 1, 2, … of its years (sha256 is worked out later).
-- Idempotent (IF NOT EXISTS, and only years without a version), so running it twice does no harm.
INSERT INTO framework_versions
SELECT (SELECT coalesce(max(version_id), 0) FROM framework_versions)
           + row_number() OVER (ORDER BY fiscal_year)::INTEGER,
       fiscal_year, 'active', now()::TIMESTAMP, 'migration', 'store', NULL, NULL, 0
FROM (SELECT fiscal_year FROM framework_items UNION SELECT fiscal_year FROM framework_indicators)
WHERE fiscal_year NOT IN (SELECT fiscal_year FROM framework_versions);

INSERT INTO framework_version_rows
SELECT v.version_id, NULL, coalesce(it.fiscal_year, ind.fiscal_year), coalesce(it.tool, ind.tool),
       coalesce(it.indicator_no, ind.indicator_no), ind.name_th, ind.name_en, it.sub_indicator_th, it.topic_th,
       it.item_code, it.item_name_th, it.confidence, it.note
FROM framework_items it
FULL OUTER JOIN framework_indicators ind
  ON ind.fiscal_year = it.fiscal_year AND ind.indicator_no = it.indicator_no
JOIN framework_versions v ON v.fiscal_year = coalesce(it.fiscal_year, ind.fiscal_year) AND v.source = 'store'
WHERE v.version_id NOT IN (SELECT version_id FROM framework_version_rows);

UPDATE framework_versions SET row_count = (
    SELECT count(*) FROM framework_version_rows r WHERE r.version_id = framework_versions.version_id
);
