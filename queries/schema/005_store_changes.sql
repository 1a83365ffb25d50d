-- Schema version 5: what each write changed, so that readers keep the cached results a write cannot
-- have changed (ita/ui/source.py). One row per organisation-year a write changed, written by
-- write_session (ita/store/session.py) as it publishes:
--   store_changes.generation: store_meta 'generation' of the version the write published.
--   store_changes.write_id: that write's random id (store_meta 'write_id'), so that a generation
--     number reached again after a restored backup never names the same content twice.
--   store_changes.org_id NULL: the write may have changed anything (reference data, the framework,
--     a migration, or a change the writer could not attribute); fiscal_year NULL: every year of org_id.
-- Only the newest generations are kept; older ones count as "everything changed" at the oldest kept.
CREATE TABLE IF NOT EXISTS store_changes (
    generation  INTEGER NOT NULL,
    write_id    VARCHAR NOT NULL,
    org_id      INTEGER,
    fiscal_year SMALLINT
);
