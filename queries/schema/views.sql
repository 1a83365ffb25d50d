-- Views and macros derived from the tables; re-created on every write, so changing them
-- needs no migration.

-- Measures of the active import of each organisation and year, with their organisation.
CREATE OR REPLACE VIEW current_measures AS
SELECT m.*, o.name AS org_name, o.org_type, o.province, o.district, i.is_sample, i.imported_at
FROM measures m
JOIN imports i ON i.import_id = m.import_id AND i.state = 'active'
JOIN organisations o ON o.org_id = m.org_id;

-- Each division with the division it counts toward: a section (งานพัสดุ) rolls up to its parent.
CREATE OR REPLACE VIEW division_rollup AS
SELECT d.division_id, d.name, d.kind,
       coalesce(p.division_id, d.division_id) AS rollup_id,
       coalesce(p.name, d.name) AS rollup_name
FROM divisions d
LEFT JOIN divisions p ON p.division_id = d.parent_id;

-- Whether an organisation's report of a fiscal year is chosen: the filters that take whole reports
-- (organisations, years, provinces, organisation types; an empty list means "all"). Part of
-- filtered_measures, and what latest_measure_ids reads the imports with.
CREATE OR REPLACE MACRO in_scope(orgs, years, provinces, org_types, org_name, fiscal_year, province, org_type) AS
    (len(orgs::VARCHAR[]) = 0 OR list_contains(orgs::VARCHAR[], org_name))
    AND (len(years::INTEGER[]) = 0 OR list_contains(years::INTEGER[], fiscal_year::INTEGER))
    AND (len(provinces::VARCHAR[]) = 0 OR list_contains(provinces::VARCHAR[], province))
    AND (len(org_types::VARCHAR[]) = 0 OR list_contains(org_types::VARCHAR[], org_type));

-- Whether a measure passes the filters that take measures one by one (divisions, indicators, tools,
-- statuses; an empty list means "all"). A measure matches a division when it names that division or
-- one of its sections; measures shared by every division are added only when include_shared is true.
-- (The division test is list_has_any written out: DuckDB's list_has_any took 41-44 ms over a national
-- year's 240,000 measures, this 16-18 ms, for one division or two.)
-- Part of filtered_measures, and of filtered_counts over the groups of measure_counts.
CREATE OR REPLACE MACRO measure_matches(divisions, include_shared, indicators, tools, statuses,
                                        indicator, tool, status, division_keys, shared) AS
    (len(indicators::VARCHAR[]) = 0 OR list_contains(indicators::VARCHAR[], indicator))
    AND (len(tools::VARCHAR[]) = 0 OR list_contains(tools::VARCHAR[], tool))
    AND (len(statuses::VARCHAR[]) = 0 OR list_contains(statuses::VARCHAR[], status))
    AND (len(divisions::VARCHAR[]) = 0
         OR len(list_filter(division_keys, lambda k: list_contains(divisions::VARCHAR[], k))) > 0
         OR (include_shared AND shared));

-- Whether a measure's row for one division it counts for (measure_rollup) is among the divisions
-- chosen: every row without a division filter, else those divisions' rows and, when include_shared
-- is true, the shared entry. Part of division_measures and filtered_counts.
CREATE OR REPLACE MACRO division_row_matches(divisions, include_shared, division, is_shared) AS
    len(divisions::VARCHAR[]) = 0
    OR list_contains(divisions::VARCHAR[], division)
    OR (include_shared AND is_shared);

-- The one filter every dashboard question applies. An empty list means "all".
CREATE OR REPLACE MACRO filtered_measures(
    orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types
) AS TABLE
SELECT m.*
FROM current_measures m
WHERE in_scope(orgs, years, provinces, org_types, m.org_name, m.fiscal_year, m.province, m.org_type)
  AND measure_matches(divisions, include_shared, indicators, tools, statuses,
                      m.indicator, m.tool, m.status, m.division_keys, m.shared);

-- The filtered measures once per division they count for (see measure_rollup): a section under
-- its division, a measure naming two divisions under each, shared measures under their own entry
-- (is_shared), measures naming no division under ''. With a division filter, only the rows of
-- those divisions (and the shared entry when include_shared is true).
CREATE OR REPLACE MACRO division_measures(
    orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types
) AS TABLE
SELECT m.*, coalesce(r.division, '') AS division, coalesce(r.is_shared, false) AS is_shared
FROM filtered_measures(orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types) m
LEFT JOIN measure_rollup r USING (measure_id)
WHERE division_row_matches(divisions, include_shared, r.division, r.is_shared);

-- One English name per official Thai indicator name, whatever the year.
CREATE OR REPLACE VIEW indicator_names AS
SELECT name_th, any_value(name_en ORDER BY fiscal_year DESC) AS name_en, any_value(tool) AS tool
FROM framework_indicators
GROUP BY name_th;

-- Overdue: a measure not done whose period ended before the as-of date. Due on its end date, so
-- late from the day after; a measure without an end date (no period, or one that cannot be read)
-- is never overdue. The same rule as `is_overdue` in ita/read/periods.py, here so that every
-- question counts it alike.
CREATE OR REPLACE MACRO is_overdue(status, period_end, as_of) AS
    status <> 'done' AND period_end IS NOT NULL AND period_end < as_of::DATE;

-- Days an overdue measure is past its end date; NULL when it is not overdue.
CREATE OR REPLACE MACRO days_late(status, period_end, as_of) AS
    CASE WHEN is_overdue(status, period_end, as_of) THEN date_diff('day', period_end, as_of::DATE) END;

-- The counts every summary shows, defined once (summary_totals.sql, by_division.sql,
-- latest_measures.sql): an aggregate returning a struct, so a query takes it with GROUP BY and
-- spreads it into columns with `counts.*`. completion_pct has one decimal, NULL when no measures.
CREATE OR REPLACE MACRO status_counts(status) AS {
    'measures': count(*),
    'done': count(*) FILTER (WHERE status = 'done'),
    'in_progress': count(*) FILTER (WHERE status = 'in_progress'),
    'not_started': count(*) FILTER (WHERE status = 'not_started'),
    'unknown': count(*) FILTER (WHERE status = 'unknown'),
    'completion_pct': round(100.0 * count(*) FILTER (WHERE status = 'done') / nullif(count(*), 0), 1)
};

-- status_counts and overdue: the measures not done whose period ended before as_of (is_overdue).
CREATE OR REPLACE MACRO status_counts_as_of(status, period_end, as_of) AS
    struct_insert(status_counts(status), overdue := count(*) FILTER (WHERE is_overdue(status, period_end, as_of)));

-- The part of measure_counts a write refreshes when it changed one organisation-year: the fiscal
-- year, province and organisation type of that organisation (session.refresh_counts).
CREATE OR REPLACE MACRO count_place(fiscal_year, province, org_type) AS
    concat_ws('|', fiscal_year::INTEGER, coalesce(province, ''), coalesce(org_type, ''));

-- What measure_counts (schema/006_measure_counts.sql) holds for the places `places` (count_place
-- keys; everything when every_year), counted from the measures: the writer refreshes what a write
-- changed from this (write/refresh_measure_counts.sql), and the store check compares the two
-- (check_store.sql). A macro rather than a view so that the places are chosen
-- before the grouping (their years first: a filter DuckDB can apply as it reads).
CREATE OR REPLACE MACRO measure_counts_now(every_year, places) AS TABLE
WITH chosen AS (
    SELECT *
    FROM current_measures m
    WHERE every_year
       OR (list_contains(list_transform(places::VARCHAR[], lambda p: split_part(p, '|', 1)::INTEGER),
                         m.fiscal_year::INTEGER)
           AND list_contains(places::VARCHAR[], count_place(m.fiscal_year, m.province, m.org_type)))
)
SELECT 'measure' AS kind, m.fiscal_year, m.province, m.org_type, m.is_sample, m.tool, m.indicator_no, m.indicator,
       m.status, m.period_end, coalesce(m.division_keys, []) AS division_keys, coalesce(m.shared, false) AS shared,
       NULL::VARCHAR AS division, false AS is_shared,
       count(*) AS measures, max(m.imported_at) AS imported_at, max(m.updated_at) AS edited_at
FROM chosen m
GROUP BY ALL
UNION ALL
SELECT 'division', m.fiscal_year, m.province, m.org_type, m.is_sample, m.tool, m.indicator_no, m.indicator,
       m.status, m.period_end, coalesce(m.division_keys, []), coalesce(m.shared, false), coalesce(r.division, ''),
       coalesce(r.is_shared, false), count(*), max(m.imported_at), max(m.updated_at)
FROM chosen m
LEFT JOIN measure_rollup r USING (measure_id)
GROUP BY ALL;

-- filtered_counts without an organisation filter: the groups the writer keeps (measure_counts).
-- Queries name filtered_counts; `ita.store.sql` reads them with this macro in its place when
-- $orgs is empty. DuckDB binds every branch of a UNION before it drops those the parameters
-- rule out, and binding filtered_counts' organisation branches (the measures, their imports and
-- organisations, the division rollup) was about half of a national count query's CPU (7 of 15 ms).
CREATE OR REPLACE MACRO all_org_counts(
    rows_of, orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types
) AS TABLE
SELECT c.fiscal_year, c.province, c.org_type, c.is_sample, c.tool, c.indicator_no, c.indicator, c.status,
       c.period_end, c.division, c.is_shared, c.measures, c.imported_at, c.edited_at
FROM measure_counts c
WHERE c.kind = rows_of
  AND in_scope([], years, provinces, org_types, NULL, c.fiscal_year, c.province, c.org_type)
  AND measure_matches(divisions, include_shared, indicators, tools, statuses,
                      c.indicator, c.tool, c.status, c.division_keys, c.shared)
  AND (rows_of = 'measure' OR division_row_matches(divisions, include_shared, c.division, c.is_shared));

-- The filtered measures as counts (measure_counts, schema/006_measure_counts.sql): rows of kind
-- rows_of ('measure': each measure once; 'division': once per division it counts for, as division_measures
-- places it, with a division filter only the rows of those divisions) whose `measures` add up to
-- what count(*) over filtered_measures / division_measures gives. Without an organisation filter
-- they come from the groups the writer keeps (all_org_counts); with one, from the measures (a row
-- each, measures 1), so a question about a few agencies does not read the whole country's groups.
-- DuckDB removes the branch the parameters rule out when it plans the query.
-- Columns: fiscal_year, province, org_type, is_sample, tool, indicator_no, indicator, status,
--          period_end, division (NULL for kind 'measure'), is_shared, measures, imported_at, edited_at.
CREATE OR REPLACE MACRO filtered_counts(
    rows_of, orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types
) AS TABLE
SELECT *
FROM all_org_counts(rows_of, orgs, years, divisions, include_shared, indicators, tools, statuses,
                    provinces, org_types)
WHERE len(orgs::VARCHAR[]) = 0
UNION ALL
SELECT m.fiscal_year, m.province, m.org_type, m.is_sample, m.tool, m.indicator_no, m.indicator, m.status,
       m.period_end, NULL, false, 1, m.imported_at, m.updated_at
FROM filtered_measures(orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types) m
WHERE len(orgs::VARCHAR[]) > 0 AND rows_of = 'measure'
UNION ALL
SELECT m.fiscal_year, m.province, m.org_type, m.is_sample, m.tool, m.indicator_no, m.indicator, m.status,
       m.period_end, m.division, m.is_shared, 1, m.imported_at, m.updated_at
FROM division_measures(orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types) m
WHERE len(orgs::VARCHAR[]) > 0 AND rows_of = 'division';

-- status_counts over rows of filtered_counts: the same struct, each row counting `n` measures.
CREATE OR REPLACE MACRO status_sums(status, n) AS {
    'measures': coalesce(sum(n), 0)::BIGINT,
    'done': coalesce(sum(n) FILTER (WHERE status = 'done'), 0)::BIGINT,
    'in_progress': coalesce(sum(n) FILTER (WHERE status = 'in_progress'), 0)::BIGINT,
    'not_started': coalesce(sum(n) FILTER (WHERE status = 'not_started'), 0)::BIGINT,
    'unknown': coalesce(sum(n) FILTER (WHERE status = 'unknown'), 0)::BIGINT,
    'completion_pct': round(100.0 * coalesce(sum(n) FILTER (WHERE status = 'done'), 0) / nullif(sum(n), 0), 1)
};

-- status_counts_as_of over rows of filtered_counts.
CREATE OR REPLACE MACRO status_sums_as_of(status, period_end, n, as_of) AS
    struct_insert(status_sums(status, n),
                  overdue := coalesce(sum(n) FILTER (WHERE is_overdue(status, period_end, as_of)), 0)::BIGINT);
