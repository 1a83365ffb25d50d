-- Macros over the framework and its crosswalk; re-created with views.sql whenever either changes
-- (ita/store/session.py), so changing them needs no migration.

-- THE rule for "the same measure", used by status_changes.sql (across fiscal years) and by
-- ita/analytics/preview.py through measure_item_keys.sql (two versions of one report): a measure
-- is known by its ITA item code when it has one, else by its indicator and its item text without
-- spaces. Across years the earlier year's code is first put in the later year's numbering through
-- the crosswalk (see status_changes.sql). Repeats of a key are told apart by their order (nth).
CREATE OR REPLACE MACRO measure_text_key(indicator, item_text) AS
    'text:' || coalesce(indicator, '') || '|' || regexp_replace(coalesce(item_text, ''), '\s+', '', 'g');

CREATE OR REPLACE MACRO measure_item_key(indicator, item_code, item_text) AS
    CASE WHEN coalesce(item_code, '') <> '' THEN 'item:' || item_code
         ELSE measure_text_key(indicator, item_text)
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

-- The key of every measure of the chosen organisations and years for following it across them, as
-- status_changes.sql follows a measure between two: measure_item_key, each year's item code first
-- put in the numbering of y_to, the latest chosen year with measures, through the crosswalk (an item
-- split in two follows its first counterpart; a code of a tool both years' frameworks list but the
-- crosswalk does not link is its own year's). The key is kept as two narrow columns, code_key (the
-- code in y_to's numbering) or else text_key (measure_text_key, whose regexp runs only for measures
-- without a code): exactly one is set, and together they stand one-to-one for measure_item_key.
-- Columns: measure_id, org_id, fiscal_year, seq, code_key, text_key, y_to.
CREATE OR REPLACE MACRO measure_keys(orgs, years, provinces, org_types) AS TABLE
WITH picked AS (
    SELECT measure_id, org_id, fiscal_year, seq, tool, item_code,
           CASE WHEN coalesce(item_code, '') = '' THEN measure_text_key(indicator, item_text) END AS text_key
    FROM filtered_measures(orgs, years, [], false, [], [], [], provinces, org_types)
),
-- Read from the imports (an active import holds row_count measures of its year): from picked,
-- DuckDB would keep every picked row in memory to read it twice.
latest AS (
    SELECT max(i.fiscal_year) AS y_to
    FROM imports i
    JOIN organisations o ON o.org_id = i.org_id
    WHERE i.state = 'active' AND i.row_count > 0
      AND in_scope(orgs, years, provinces, org_types, o.name, i.fiscal_year, o.province, o.org_type)
),
successor AS (
    SELECT c.from_year, c.from_code, min(c.to_code) AS to_code
    FROM crosswalk_all_paths c JOIN latest l ON c.to_year = l.y_to
    GROUP BY c.from_year, c.from_code
),
listed AS (SELECT DISTINCT fiscal_year, tool FROM framework_items),
-- The (year, tool) pairs whose tool the latest year's framework lists as well.
both_listed AS (
    SELECT a.fiscal_year, a.tool
    FROM listed a JOIN listed b ON b.tool = a.tool JOIN latest l ON b.fiscal_year = l.y_to
),
coded AS (
    SELECT p.measure_id, p.org_id, p.fiscal_year, p.seq, p.text_key, l.y_to,
           CASE WHEN p.fiscal_year = l.y_to OR p.item_code IS NULL THEN p.item_code
                WHEN s.to_code IS NOT NULL THEN s.to_code
                WHEN bl.tool IS NOT NULL THEN p.fiscal_year || ':' || p.item_code
                ELSE p.item_code END AS code
    FROM picked p
    CROSS JOIN latest l
    LEFT JOIN successor s ON s.from_year = p.fiscal_year AND s.from_code = p.item_code
    LEFT JOIN both_listed bl ON bl.fiscal_year = p.fiscal_year AND bl.tool = p.tool
)
SELECT measure_id, org_id, fiscal_year, seq, nullif(code, '') AS code_key,
       CASE WHEN coalesce(code, '') = '' THEN text_key END AS text_key, y_to
FROM coded;

-- The filtered measures (filtered_measures, same parameters) that are each the latest of their
-- measure within the chosen organisations and years: a measure is followed across the years by its
-- key (measure_keys), repeats of a key in a year told apart by their order (nth), and the latest
-- is the one of the latest year that has the measure. The open-items page lists these, so a measure
-- open in 2564 but done in 2565 is not open; the other filters (divisions, statuses, indicators,
-- tools) apply to the latest row, so a measure moved to another division is judged by where it is
-- now (queries/latest_measures.sql).
-- Columns: measure_id.
--
-- How, cheaply enough for a national store (over a million measures, asked on every view of the
-- open-items page over several years): a measure of y_to is always the latest of its own. Only the
-- filtered measures of earlier years (the open ones, a fifth of a year) are looked up, each against
-- the measures of its own and later years with its organisation and key (a hash join whose table is
-- those few measures, rather than an aggregate over every measure): it is the nth of its key in its
-- year, n being one more than the measures of its key before it in report order there; it is
-- superseded when a later year holds at least n measures of its key.
CREATE OR REPLACE MACRO latest_filtered_ids(
    orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types
) AS TABLE
WITH keyed AS MATERIALIZED (
    SELECT * FROM measure_keys(orgs, years, provinces, org_types)
),
chosen AS MATERIALIZED (
    SELECT measure_id
    FROM filtered_measures(orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types)
),
earlier AS (
    SELECT k.measure_id, k.org_id, k.fiscal_year, k.seq, k.code_key, k.text_key
    FROM keyed k
    SEMI JOIN chosen c ON c.measure_id = k.measure_id
    WHERE k.fiscal_year < k.y_to
),
-- Per earlier measure and year (its own and later ones): the measures of its key that year, and
-- those before it in report order.
per_year AS (
    SELECT e.measure_id, e.fiscal_year, k.fiscal_year AS other_year, count(*) AS measures,
           count(*) FILTER (WHERE k.seq < e.seq) AS before
    FROM earlier e
    JOIN keyed k
      ON k.org_id = e.org_id AND k.code_key IS NOT DISTINCT FROM e.code_key
     AND k.text_key IS NOT DISTINCT FROM e.text_key AND k.fiscal_year >= e.fiscal_year
    GROUP BY ALL
),
superseded AS (
    SELECT measure_id
    FROM per_year
    GROUP BY measure_id
    HAVING max(measures) FILTER (WHERE other_year > fiscal_year)
           > max(before) FILTER (WHERE other_year = fiscal_year)
)
SELECT measure_id FROM chosen
ANTI JOIN superseded USING (measure_id);

-- The measure ids of the chosen organisations and years, each measure once: the latest of its
-- measure within them (latest_filtered_ids without the other filters).
-- Columns: measure_id.
CREATE OR REPLACE MACRO latest_measure_ids(orgs, years, provinces, org_types) AS TABLE
SELECT measure_id FROM latest_filtered_ids(orgs, years, [], false, [], [], [], provinces, org_types);
