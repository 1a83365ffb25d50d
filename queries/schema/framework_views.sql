-- Macros over the framework and its crosswalk; re-created with views.sql whenever either changes
-- (ita/store/session.py), so changing them needs no migration.

-- THE rule for "the same measure", used by status_changes.sql (across fiscal years) and by
-- ita/analytics/preview.py through measure_item_keys.sql (two versions of one report): a measure
-- is known by its ITA item code when it has one, else by its indicator and its item text without
-- spaces. Across years the earlier year's code is first put in the later year's numbering through
-- the crosswalk (see status_changes.sql); into a year whose framework does not list the tool (the year
-- under way, before its framework is published) a code the framework gave is no key, and the measure
-- is known there by its indicator and text (code_in_year). Repeats of a key are told apart by their
-- order (nth).
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

-- Whether a measure's item code was given by its year's framework (the item found from its topic, text or
-- name, as OIT rows are, which name no code) rather than written in the report (code, unverified) or
-- set by an editor (manual). A year whose framework does not list the tool, as the year under way
-- before NACC publishes its framework, cannot give such a code, so across years it is no key there.
CREATE OR REPLACE MACRO code_from_framework(item_match) AS
    coalesce(item_match IN ('topic', 'topic_text', 'topic_order', 'name'), false);

-- A measure's item code put in the numbering of fiscal year y_to (y_to >= its year), as status_changes.sql
-- follows a measure between two years: its own code in y_to or when it has none; else its counterpart
-- in y_to through the crosswalk (to_code: an item split in two follows its first counterpart); else,
-- for a code of a tool both years' frameworks list (both_listed) but the crosswalk does not link, its
-- own year's ('2565:o12', not the same measure as a different item that happens to carry its number
-- later); else none (NULL: the measure is followed by its indicator and text, measure_text_key) for
-- a code its framework gave (from_framework, code_from_framework) when y_to's framework lists no
-- items of the tool (to_listed false), since y_to's measures of the tool carry only codes as written;
-- else the code as written.
CREATE OR REPLACE MACRO code_in_year(fiscal_year, y_to, item_code, to_code, both_listed, from_framework,
                                     to_listed) AS
    CASE WHEN fiscal_year = y_to OR item_code IS NULL THEN item_code
         WHEN to_code IS NOT NULL THEN to_code
         WHEN both_listed THEN fiscal_year || ':' || item_code
         WHEN from_framework AND NOT to_listed THEN NULL
         ELSE item_code END;

-- What superseding_years (schema/007_superseding_years.sql) holds for the organisations org_ids
-- (every organisation when every_org), worked out from the measures: the writer refreshes what a
-- write changed from this (write/refresh_superseding_years.sql) and the store check compares the two
-- (check_store.sql).
-- Every measure of an active import is keyed once for each fiscal year y_to of the store from its own
-- on: measure_item_key with its code in y_to's numbering (code_in_year), kept as two narrow columns,
-- code_key (the code in y_to's numbering) or else text_key (measure_text_key, whose regexp runs only
-- for measures without a code): exactly one is set, and together they stand one-to-one for
-- measure_item_key. A measure of an earlier year is the nth of its key in its year (n: its rank in
-- report order among them); a later year supersedes it when it holds at least n measures of its key.
-- Columns: measure_id, org_id, fiscal_year, y_to, mask, far_years (see schema/007_superseding_years.sql).
CREATE OR REPLACE MACRO superseding_years_now(every_org, org_ids) AS TABLE
WITH picked AS MATERIALIZED (
    SELECT m.measure_id, m.org_id, m.fiscal_year, m.seq, m.tool, m.item_code,
           code_from_framework(m.item_match) AS from_framework,
           -- The text key also for a code the framework gave: a later year without the tool's
           -- framework follows the measure by it (code_in_year).
           CASE WHEN coalesce(m.item_code, '') = '' OR code_from_framework(m.item_match)
                THEN measure_text_key(m.indicator, m.item_text) END AS text_key
    FROM measures m
    JOIN imports i ON i.import_id = m.import_id AND i.state = 'active'
    JOIN organisations o ON o.org_id = m.org_id
    -- A semi join rather than list_contains: a bulk import may name thousands of organisations.
    WHERE every_org OR m.org_id IN (SELECT unnest(org_ids::INTEGER[]))
),
-- The years latest_filtered_ids may take as y_to: those with an active import holding measures.
store_years AS (
    SELECT DISTINCT i.fiscal_year AS y_to
    FROM imports i JOIN organisations o ON o.org_id = i.org_id
    WHERE i.state = 'active' AND i.row_count > 0
),
successor AS (
    SELECT from_year, to_year, from_code, min(to_code) AS to_code
    FROM crosswalk_all_paths
    GROUP BY ALL
),
listed AS (SELECT DISTINCT fiscal_year, tool FROM framework_items),
coded AS (
    SELECT p.measure_id, p.org_id, p.fiscal_year, p.seq, p.text_key, y.y_to,
           code_in_year(p.fiscal_year, y.y_to, p.item_code, s.to_code,
                        a.tool IS NOT NULL AND b.tool IS NOT NULL, p.from_framework, b.tool IS NOT NULL) AS code
    FROM picked p
    JOIN store_years y ON y.y_to >= p.fiscal_year
    LEFT JOIN successor s ON s.from_year = p.fiscal_year AND s.to_year = y.y_to AND s.from_code = p.item_code
    LEFT JOIN listed a ON a.fiscal_year = p.fiscal_year AND a.tool = p.tool
    LEFT JOIN listed b ON b.fiscal_year = y.y_to AND b.tool = p.tool
),
keyed AS MATERIALIZED (
    SELECT measure_id, org_id, fiscal_year, seq, y_to, nullif(code, '') AS code_key,
           CASE WHEN coalesce(code, '') = '' THEN text_key END AS text_key
    FROM coded
),
-- How many measures of each key each year has, in each y_to's numbering.
per_year AS (
    SELECT org_id, y_to, fiscal_year, code_key, text_key, count(*) AS measures
    FROM keyed
    GROUP BY ALL
),
earlier AS (
    SELECT measure_id, org_id, fiscal_year, y_to, code_key, text_key,
           rank() OVER (PARTITION BY org_id, y_to, fiscal_year, code_key, text_key ORDER BY seq) AS nth
    FROM keyed
    WHERE fiscal_year < y_to
)
SELECT e.measure_id, e.org_id, e.fiscal_year, e.y_to,
       coalesce(bit_or(1::UBIGINT << (e.y_to - c.fiscal_year)::UBIGINT) FILTER (WHERE e.y_to - c.fiscal_year < 64),
                0::UBIGINT) AS mask,
       list(c.fiscal_year ORDER BY c.fiscal_year) FILTER (WHERE e.y_to - c.fiscal_year >= 64)::SMALLINT[] AS far_years
FROM earlier e
JOIN per_year c
  ON c.org_id = e.org_id AND c.y_to = e.y_to AND c.code_key IS NOT DISTINCT FROM e.code_key
 AND c.text_key IS NOT DISTINCT FROM e.text_key AND c.fiscal_year > e.fiscal_year AND c.measures >= e.nth
GROUP BY e.measure_id, e.org_id, e.fiscal_year, e.y_to;

-- The filtered measures (filtered_measures, same parameters) that are each the latest of their
-- measure within the chosen organisations and years: a measure is followed across the years by its
-- key (measure_item_key, its code put in the numbering of y_to, the latest chosen year with measures,
-- through the crosswalk), repeats of a key in a year told apart by their order (nth), and the latest
-- is the one of the latest year that has the measure. The open-items page lists these, so a measure
-- open in 2564 but done in 2565 is not open; the other filters (divisions, statuses, indicators,
-- tools) apply to the latest row, so a measure moved to another division is judged by where it is
-- now (queries/latest_measures.sql).
-- Columns: measure_id, org_id, fiscal_year, seq, status, period_end (what the open-items page ranks
-- and counts them on, so that it need not look the measures up again).
--
-- How, cheaply enough for a national store (over a million measures, asked on every view of the
-- open-items page over several years): the writer keeps, for each measure of an earlier year and
-- each later year y_to, the years that supersede it (superseding_years, schema/007_superseding_years.sql):
-- a filtered measure is the latest of its measure unless its row for this scope's y_to names a
-- chosen year (a bit test on an integer). A measure of y_to is always the latest of its own and has
-- no row.
CREATE OR REPLACE MACRO latest_filtered_ids(
    orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types
) AS TABLE
WITH latest AS (
    -- Read from the imports (an active import holds row_count measures of its year).
    SELECT max(i.fiscal_year) AS y_to
    FROM imports i
    JOIN organisations o ON o.org_id = i.org_id
    WHERE i.state = 'active' AND i.row_count > 0
      AND in_scope(orgs, years, provinces, org_types, o.name, i.fiscal_year, o.province, o.org_type)
),
-- The chosen years as superseding_years.mask counts them (bit y_to - year); every bit when none are.
chosen_mask AS (
    SELECT l.y_to,
           CASE WHEN len(years::INTEGER[]) = 0 THEN 18446744073709551615::UBIGINT
                ELSE coalesce(list_aggregate(
                         list_transform(list_filter(years::INTEGER[], lambda y: y <= l.y_to AND y > l.y_to - 64),
                                        lambda y: 1::UBIGINT << (l.y_to - y)::UBIGINT),
                         'bit_or'), 0::UBIGINT) END AS mask
    FROM latest l
),
chosen AS MATERIALIZED (
    SELECT measure_id, org_id, fiscal_year, seq, status, period_end
    FROM filtered_measures(orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types)
),
-- Only the rows of chosen measures: a semi join on them lets DuckDB skip, as it reads, row groups
-- outside their range of ids (one organisation's measures of a year lie together).
superseded AS (
    SELECT s.measure_id
    FROM superseding_years s
    SEMI JOIN chosen USING (measure_id)
    JOIN chosen_mask c ON s.y_to = c.y_to
    -- Only the chosen years' rows: written in year order, so DuckDB skips the others as it reads.
    WHERE in_scope([], years, [], [], NULL, s.fiscal_year, NULL, NULL)
      AND ((s.mask & c.mask) <> 0
       OR (s.far_years IS NOT NULL
           AND (len(years::INTEGER[]) = 0 OR list_has_any(s.far_years, years::SMALLINT[]))))
)
SELECT *
FROM chosen
ANTI JOIN superseded USING (measure_id);

-- The measure ids of the chosen organisations and years, each measure once: the latest of its
-- measure within them (latest_filtered_ids without the other filters).
-- Columns: measure_id.
CREATE OR REPLACE MACRO latest_measure_ids(orgs, years, provinces, org_types) AS TABLE
SELECT measure_id FROM latest_filtered_ids(orgs, years, [], false, [], [], [], provinces, org_types);
