-- Schema version 6: the counts every summary shows, kept by the writer so that a question over a
-- national store reads a few thousand groups instead of over a million measures.
--   measure_counts: the measures of the active imports grouped by everything a summary filters or
--     breaks down by except the organisation (fiscal year, province, organisation type, sample,
--     indicator, tool, status, period end, division keys), twice over:
--       kind 'measure':  each measure once (division NULL), what totals count;
--       kind 'division': each measure once per division it counts for (measure_rollup; '' when it
--                        names none), what breakdowns by division count.
--     measures: how many; imported_at / edited_at: the newest import time and measure edit of the group.
-- write_session (ita/store/session.py) refreshes the fiscal years a write changed before it publishes
-- (queries/write/refresh_measure_counts.sql); a store migrated to this version is filled there too.
-- Questions that name organisations read the measures themselves (filtered_counts in views.sql).
CREATE TABLE IF NOT EXISTS measure_counts (
    kind          VARCHAR NOT NULL,
    fiscal_year   SMALLINT NOT NULL,
    province      VARCHAR,
    org_type      VARCHAR,
    is_sample     BOOLEAN NOT NULL,
    tool          VARCHAR,
    indicator_no  SMALLINT,
    indicator     VARCHAR,
    status        VARCHAR NOT NULL,
    period_end    DATE,
    division_keys VARCHAR[] NOT NULL,
    shared        BOOLEAN NOT NULL,
    division      VARCHAR,
    is_shared     BOOLEAN NOT NULL,
    measures      BIGINT NOT NULL,
    imported_at   TIMESTAMP,
    edited_at     TIMESTAMP
);
