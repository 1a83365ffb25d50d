-- Schema version 7: what the open-items rule ("each measure once, at its latest status within the
-- chosen years", latest_filtered_ids in schema/framework_views.sql) needs to know about the measures
-- of later years, kept by the writer so that a view over several years reads only its filtered
-- measures and this narrow table instead of keying every measure of its organisations and years.
--   superseding_years: for a measure of an active import (measure_id; its org_id and fiscal_year)
--     and a later fiscal year y_to of the store (one with an active, non-empty import): the years in
--     (fiscal_year, y_to] in which its organisation has at least n measures of its key in y_to's
--     numbering, n being its own place among its year's measures of that key (1 + those before it in
--     report order). Within chosen years whose latest year with measures is y_to, the measure is
--     superseded, so not the latest of its measure, exactly when those years include a chosen one.
--     They are kept as bits, so that the view tests an integer rather than a list: mask has bit
--     (y_to - year) set for each such year less than 64 years before y_to; far_years lists the
--     others (NULL when there are none, as good as always: fiscal years may lie 200 apart).
--     Rows that name no year are not kept.
-- write_session (ita/store/session.py) refreshes the organisations a write changed before it
-- publishes (queries/write/refresh_superseding_years.sql), every organisation when the framework,
-- the crosswalk or the store's fiscal years changed; a store migrated to this version is filled
-- there too. `python -m ita check` compares the table with superseding_years_now (check_store.sql).
CREATE TABLE IF NOT EXISTS superseding_years (
    measure_id  BIGINT NOT NULL,
    org_id      INTEGER NOT NULL,
    fiscal_year SMALLINT NOT NULL,
    y_to        SMALLINT NOT NULL,
    mask        UBIGINT NOT NULL,
    far_years   SMALLINT[]
);
