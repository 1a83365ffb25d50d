-- Schema version 2: what the division filter and the division breakdowns need, kept with the data.
-- Version 1 worked them out from measure_divisions on every question (a DISTINCT and a join over
-- every measure); at national scale (over a million measures) that cost about 0.4 s per question.
--   measures.division_keys: every division name a measure answers to: the divisions and sections
--     it names and the divisions those sections belong to; measures.shared: it names ทุกสำนัก/กอง.
--   measure_rollup: the divisions a measure counts under in breakdowns (sections rolled up).
-- Writers keep both (ita/ingest.py, ita/edits.py); this migration fills them for a version 1 store.
DROP VIEW IF EXISTS measure_rollup;

CREATE TABLE measure_rollup (
    measure_id BIGINT NOT NULL,
    division   VARCHAR NOT NULL,
    is_shared  BOOLEAN NOT NULL
);

INSERT INTO measure_rollup
SELECT DISTINCT md.measure_id, coalesce(p.name, d.name), d.kind = 'shared'
FROM measure_divisions md
JOIN divisions d ON d.division_id = md.division_id
LEFT JOIN divisions p ON p.division_id = d.parent_id;

ALTER TABLE measures ADD COLUMN division_keys VARCHAR[];
ALTER TABLE measures ADD COLUMN shared BOOLEAN;

UPDATE measures SET division_keys = k.division_keys, shared = k.shared
FROM (
    SELECT md.measure_id,
           list_sort(list_distinct(flatten(list([d.name, coalesce(p.name, d.name)])))) AS division_keys,
           bool_or(d.kind = 'shared') AS shared
    FROM measure_divisions md
    JOIN divisions d ON d.division_id = md.division_id
    LEFT JOIN divisions p ON p.division_id = d.parent_id
    GROUP BY md.measure_id
) k
WHERE measures.measure_id = k.measure_id;

UPDATE measures SET division_keys = [], shared = false WHERE division_keys IS NULL;
