-- What a write session can tell about the store before and after its change (ita/store/session.py,
-- `_changed_scope`): the newest audit row, row counts of the tables kept per organisation-year (a change
-- to them without an audit row cannot be attributed), and fingerprints of the tables every
-- organisation shares (any change to them may change every result).
-- Parameters: none.
-- Columns: audit_id, measure_id, import_id (the newest of each), measures, imports, findings, links,
--          rollup (row counts), shared (a list of [row count, sum of row hashes] per shared table,
--          store_meta without generation and write_id).
SELECT
    (SELECT coalesce(max(audit_id), 0) FROM audit_log) AS audit_id,
    (SELECT coalesce(max(measure_id), 0) FROM measures) AS measure_id,
    (SELECT coalesce(max(import_id), 0) FROM imports) AS import_id,
    (SELECT count(*) FROM measures) AS measures,
    (SELECT count(*) FROM imports) AS imports,
    (SELECT count(*) FROM import_findings) AS findings,
    (SELECT count(*) FROM measure_divisions) AS links,
    (SELECT count(*) FROM measure_rollup) AS rollup,
    [
        (SELECT [count(*), coalesce(sum(hash(t)::HUGEINT), 0)] FROM framework_indicators t),
        (SELECT [count(*), coalesce(sum(hash(t)::HUGEINT), 0)] FROM framework_items t),
        (SELECT [count(*), coalesce(sum(hash(t)::HUGEINT), 0)] FROM framework_versions t),
        (SELECT [count(*), coalesce(sum(hash(t)::HUGEINT), 0)] FROM framework_version_rows t),
        (SELECT [count(*), coalesce(sum(hash(t)::HUGEINT), 0)] FROM item_crosswalk t),
        (SELECT [count(*), coalesce(sum(hash(t)::HUGEINT), 0)] FROM indicator_aliases t),
        (SELECT [count(*), coalesce(sum(hash(t)::HUGEINT), 0)] FROM item_keywords t),
        (SELECT [count(*), coalesce(sum(hash(t)::HUGEINT), 0)] FROM divisions t),
        (SELECT [count(*), coalesce(sum(hash(t)::HUGEINT), 0)] FROM store_meta t
         WHERE key NOT IN ('generation', 'write_id'))
    ] AS shared;
