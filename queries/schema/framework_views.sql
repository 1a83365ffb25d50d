-- Macros over the framework and its crosswalk; re-created with views.sql whenever either changes
-- (ita/store/session.py), so changing them needs no migration.

-- THE rule for "the same measure", used by status_changes.sql (across fiscal years) and by
-- ita/analytics/preview.py through measure_item_keys.sql (two versions of one report): a measure
-- is known by its ITA item code when it has one, else by its indicator and its item text without
-- spaces. Across years the earlier year's code is first put in the later year's numbering through
-- the crosswalk (see status_changes.sql). Repeats of a key are told apart by their order (nth).
CREATE OR REPLACE MACRO measure_item_key(indicator, item_code, item_text) AS
    CASE WHEN coalesce(item_code, '') <> '' THEN 'item:' || item_code
         ELSE 'text:' || coalesce(indicator, '') || '|' || regexp_replace(coalesce(item_text, ''), '\s+', '', 'g')
    END;

-- Each item of a fiscal year with its counterparts in every later year: the links of item_crosswalk
-- followed year to year (a curated link may skip a year whose counterpart is not known). relation:
-- split or merged when any step splits or merges, else same (same code) or renumbered. score: the
-- weakest derived step (NULL when every step is curated). The crosswalk holds a few links per item
-- and year, so every path of every year is a small table.
CREATE OR REPLACE VIEW crosswalk_all_paths AS
WITH RECURSIVE paths(from_year, from_code, at_year, at_code, relations, score, sources, notes) AS (
    SELECT x.from_year, x.from_code, x.to_year, x.to_code, [x.relation], x.score, [x.source], [coalesce(x.note, '')]
    FROM item_crosswalk x
    UNION ALL
    SELECT p.from_year, p.from_code, x.to_year, x.to_code, list_append(p.relations, x.relation),
           least(p.score, x.score), list_append(p.sources, x.source), list_append(p.notes, coalesce(x.note, ''))
    FROM paths p
    JOIN item_crosswalk x ON x.from_year = p.at_year AND x.from_code = p.at_code
)
SELECT from_year,
       from_code,
       at_year AS to_year,
       at_code AS to_code,
       CASE WHEN bool_or(list_contains(relations, 'split')) THEN 'split'
            WHEN bool_or(list_contains(relations, 'merged')) THEN 'merged'
            WHEN from_code = at_code THEN 'same'
            ELSE 'renumbered' END AS relation,
       max(score) AS score,
       CASE WHEN bool_or(list_contains(sources, 'curated')) THEN 'curated' ELSE 'derived' END AS source,
       string_agg(DISTINCT nullif(array_to_string(list_filter(notes, lambda n: n <> ''), ' / '), ''), ' / ') AS note
FROM paths
GROUP BY from_year, from_code, at_year, at_code;

-- Each item of fiscal year y_from with its counterparts in y_to (y_from < y_to).
CREATE OR REPLACE MACRO crosswalk_paths(y_from, y_to) AS TABLE
SELECT from_code, to_code, relation, score, source, note
FROM crosswalk_all_paths
WHERE from_year = y_from AND to_year = y_to;

-- The measure ids of the chosen organisations and years, each measure once: in the latest year
-- that has it. A measure is followed across the years as status_changes.sql follows it between
-- two: by measure_item_key, each year's item code first put in the latest year's numbering through
-- the crosswalk (an item split in two follows its first counterpart; a code of a tool both years'
-- frameworks list but the crosswalk does not link is its own year's), repeats of a key told apart
-- by their order. The open-items page lists these, so a measure open in 2564 but done in 2565 is
-- not open; the other filters apply to the latest row (queries/latest_*.sql), so a measure moved
-- to another division is judged by where it is now.
CREATE OR REPLACE MACRO latest_measure_ids(orgs, years, provinces, org_types) AS TABLE
WITH picked AS (
    SELECT m.measure_id, m.org_name, m.fiscal_year, m.seq, m.tool, m.indicator, m.item_code, m.item_text
    FROM filtered_measures(orgs, years, [], false, [], [], [], provinces, org_types) m
),
latest AS (SELECT max(fiscal_year) AS y_to FROM picked),
successor AS (
    SELECT c.from_year, c.from_code, min(c.to_code) AS to_code
    FROM crosswalk_all_paths c JOIN latest l ON c.to_year = l.y_to
    GROUP BY c.from_year, c.from_code
),
listed AS (SELECT DISTINCT fiscal_year, tool FROM framework_items),
keyed AS (
    SELECT p.measure_id, p.org_name, p.fiscal_year, p.seq,
           measure_item_key(
               p.indicator,
               CASE WHEN p.fiscal_year = l.y_to OR p.item_code IS NULL THEN p.item_code
                    WHEN s.to_code IS NOT NULL THEN s.to_code
                    WHEN EXISTS (SELECT 1 FROM listed a WHERE a.fiscal_year = p.fiscal_year AND a.tool = p.tool)
                     AND EXISTS (SELECT 1 FROM listed b WHERE b.fiscal_year = l.y_to AND b.tool = p.tool)
                        THEN p.fiscal_year || ':' || p.item_code
                    ELSE p.item_code END,
               p.item_text) AS item_key
    FROM picked p
    CROSS JOIN latest l
    LEFT JOIN successor s ON s.from_year = p.fiscal_year AND s.from_code = p.item_code
),
numbered AS (
    SELECT *, row_number() OVER (PARTITION BY org_name, fiscal_year, item_key ORDER BY seq) AS nth
    FROM keyed
)
SELECT measure_id, fiscal_year
FROM numbered
QUALIFY row_number() OVER (PARTITION BY org_name, item_key, nth ORDER BY fiscal_year DESC) = 1;
