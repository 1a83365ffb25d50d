-- The filtered measures, each once with its latest status within the chosen years (latest_filtered_ids
-- in schema/framework_views.sql): everything the open-items page shows, in one result so that the
-- rule runs once per view. Three parts, told apart by `part`:
--   'total': one row, the counts of the filtered measures, as summary_totals.sql counts them;
--   'division': one row per responsible division, as by_division.sql groups them (a section under its
--     division, a measure naming two divisions under each), largest first;
--   'measure': the first $per_division measures of each division (NULL: all), overdue ones first (most
--     days late first), then in report order.
-- Parameters: the filter set (see ita/analytics/filters.py); $per_division (rows per division, NULL: all);
--             $as_of (DATE: the day overdue is judged on); $several_years (BOOLEAN: false only when the
--             scope holds at most one fiscal year, where every measure is its own latest and the rule is
--             skipped; DuckDB folds the parameter, so the branch not taken leaves the plan).
-- Columns: part, division, is_shared (false on the total row), measures, done, in_progress, not_started,
--          unknown, completion_pct, overdue (the counts: total and division rows), measure_id, org_name,
--          fiscal_year, indicator, indicator_en (the framework's English name, the name as stored when the
--          framework has none), item_text, action, responsible_text, period, follow_up, status, file_name,
--          source_line, period_end (DATE, NULL when the period names no dates), days_late (NULL unless
--          overdue on $as_of) (the measure rows).
-- The rows are ranked on narrow columns first and their texts fetched after, so a national store's
-- tens of thousands of open items are never all held with their texts.
-- In four steps (see ita/store/sql.py), each keeping what it worked out in a TEMP table, because
-- DuckDB holds a statement's hash tables until it ends: as one statement, a national view of
-- 2568-2569 held 49.6 MiB, in steps 30.6 (one year 35.5 and 29.6, five years 87.3 and 50.2).

-- 1. The filtered measures, each once at its latest status.
CREATE OR REPLACE TEMP TABLE open_latest AS
SELECT measure_id, org_id, fiscal_year, seq, status, period_end
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                       $org_types)
WHERE NOT $several_years
UNION ALL
SELECT measure_id, org_id, fiscal_year, seq, status, period_end
FROM latest_filtered_ids($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                         $org_types)
WHERE $several_years;

-- 2. Each of them once per division it counts for, as division_measures (schema/views.sql) places them.
CREATE OR REPLACE TEMP TABLE open_placed AS
SELECT l.measure_id, coalesce(r.division, '') AS division, coalesce(r.is_shared, false) AS is_shared,
       l.org_id, l.fiscal_year, l.seq, l.status, l.period_end
FROM open_latest l
LEFT JOIN measure_rollup r USING (measure_id)
WHERE division_row_matches($divisions, $include_shared, r.division, r.is_shared);

-- 3. The first $per_division rows of each division (every row when NULL).
CREATE OR REPLACE TEMP TABLE open_ranked AS
-- Organisations in name order, so that rows are ranked on a number rather than on Thai names.
WITH org_order AS (SELECT org_id, name, row_number() OVER (ORDER BY name) AS org_rank FROM organisations),
rows AS (
    SELECT p.measure_id, p.division, p.is_shared, p.fiscal_year, p.seq, o.org_rank, o.name AS org_name,
           days_late(p.status, p.period_end, $as_of) AS days_late
    FROM open_placed p
    JOIN org_order o USING (org_id)
)
-- min_by keeps the n smallest per group as it reads, where a row_number window sorted every row (a
-- fifth of the CPU of a one-year view). The sort key, a struct compared field by field: most days
-- late first (not overdue, 0, after every overdue one), then organisation, year and report order.
SELECT unnest(firsts, recursive := true)
FROM (
    SELECT min_by(r, {'late': coalesce(-r.days_late, 0), 'org': r.org_rank, 'year': r.fiscal_year,
                      'seq': r.seq}, $per_division) AS firsts
    FROM rows r
    WHERE $per_division IS NOT NULL
    GROUP BY r.division, r.is_shared
)
UNION ALL BY NAME
SELECT * FROM rows WHERE $per_division IS NULL;

-- 4. The answer: the counts, the counts per division and the ranked rows with their texts.
WITH counted AS (SELECT status_counts_as_of(status, period_end, $as_of) AS counts FROM open_latest),
grouped AS (
    SELECT division, is_shared, status_counts_as_of(status, period_end, $as_of) AS counts
    FROM open_placed
    GROUP BY ALL
)
SELECT * EXCLUDE (part_order, group_order, org_rank, seq)
FROM (
    SELECT 'total' AS part, 0 AS part_order, NULL AS group_order, NULL AS division, false AS is_shared, counts.*,
           NULL AS measure_id, NULL AS org_name, NULL AS fiscal_year, NULL AS indicator, NULL AS indicator_en,
           NULL AS item_text, NULL AS action, NULL AS responsible_text, NULL AS period, NULL AS follow_up,
           NULL AS status, NULL AS file_name, NULL AS source_line, NULL AS period_end, NULL AS days_late,
           NULL AS org_rank, NULL AS seq
    FROM counted
    UNION ALL BY NAME
    SELECT 'division' AS part, 1 AS part_order,
           row_number() OVER (ORDER BY counts.measures DESC, division) AS group_order, division, is_shared, counts.*
    FROM grouped
    UNION ALL BY NAME
    SELECT 'measure' AS part, 2 AS part_order, r.division, r.is_shared, m.measure_id, r.org_name, m.fiscal_year,
           m.indicator, coalesce(fin.name_en, m.indicator) AS indicator_en, m.item_text, m.action,
           m.responsible_text, m.period, m.follow_up, m.status, i.file_name, m.source_line, m.period_end,
           r.days_late, r.org_rank, r.seq
    FROM open_ranked r
    JOIN measures m ON m.measure_id = r.measure_id
    JOIN imports i ON i.import_id = m.import_id
    LEFT JOIN indicator_names fin ON fin.name_th = m.indicator
)
ORDER BY part_order, group_order, division, is_shared, days_late DESC NULLS LAST, org_rank, fiscal_year, seq;

DROP TABLE open_latest;
DROP TABLE open_placed;
DROP TABLE open_ranked;
