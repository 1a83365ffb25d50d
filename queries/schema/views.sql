-- Views and macros derived from the tables; re-created on every write, so changing them
-- needs no migration.

-- Measures of the active import of each organisation and year, with their organisation.
CREATE OR REPLACE VIEW current_measures AS
SELECT m.*, o.name AS org_name, o.org_type, o.province, o.district, i.is_sample
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

-- The one filter every dashboard question applies. An empty list means "all".
-- A measure matches a division when it names that division or one of its sections;
-- measures shared by every division are added only when include_shared is true.
CREATE OR REPLACE MACRO filtered_measures(
    orgs, years, divisions, include_shared, indicators, tools, statuses, provinces, org_types
) AS TABLE
SELECT m.*
FROM current_measures m
WHERE in_scope(orgs, years, provinces, org_types, m.org_name, m.fiscal_year, m.province, m.org_type)
  AND (len(indicators::VARCHAR[]) = 0 OR list_contains(indicators::VARCHAR[], m.indicator))
  AND (len(tools::VARCHAR[]) = 0 OR list_contains(tools::VARCHAR[], m.tool))
  AND (len(statuses::VARCHAR[]) = 0 OR list_contains(statuses::VARCHAR[], m.status))
  AND (len(divisions::VARCHAR[]) = 0
       OR list_has_any(m.division_keys, divisions::VARCHAR[])
       OR (include_shared AND m.shared));

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
WHERE len(divisions::VARCHAR[]) = 0
   OR list_contains(divisions::VARCHAR[], r.division)
   OR (include_shared AND r.is_shared);

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
