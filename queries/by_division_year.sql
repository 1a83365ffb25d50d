-- Completion per responsible division (rolled up as in by_division.sql) and fiscal year.
-- Parameters: the filter set (see ita/filters.py).
-- Columns: name, is_shared, fiscal_year, measures, done, completion_pct.
SELECT division AS name,
       is_shared,
       fiscal_year::INTEGER AS fiscal_year,
       count(*) AS measures,
       count(*) FILTER (WHERE status = 'done') AS done,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS completion_pct
FROM division_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types)
GROUP BY ALL
ORDER BY name, fiscal_year;
