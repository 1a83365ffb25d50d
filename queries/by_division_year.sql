-- Completion per responsible division (rolled up as in by_division.sql) and fiscal year.
-- Parameters: the filter set (see ita/filters.py).
-- Columns: name, is_shared, fiscal_year, measures, done, completion_pct.
WITH picked AS (
    SELECT measure_id, status, fiscal_year
    FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types)
)
SELECT coalesce(r.division, '') AS name,
       coalesce(r.is_shared, false) AS is_shared,
       p.fiscal_year::INTEGER AS fiscal_year,
       count(*) AS measures,
       count(*) FILTER (WHERE p.status = 'done') AS done,
       round(100.0 * count(*) FILTER (WHERE p.status = 'done') / count(*), 1) AS completion_pct
FROM picked p
LEFT JOIN measure_rollup r USING (measure_id)
WHERE len($divisions::VARCHAR[]) = 0
   OR list_contains($divisions::VARCHAR[], r.division)
   OR ($include_shared AND r.is_shared)
GROUP BY ALL
ORDER BY name, fiscal_year;
