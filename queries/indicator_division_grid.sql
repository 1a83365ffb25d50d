-- Indicator × responsible division: how many measures each pair has and how many are done.
-- Divisions roll up as in by_division.sql (sections to their division, shared its own column).
-- Parameters: the filter set (see ita/filters.py).
-- Columns: indicator_no, indicator, division, is_shared, measures, done, completion_pct.
WITH picked AS (
    SELECT measure_id, status, indicator, indicator_no
    FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types)
)
SELECT p.indicator_no, p.indicator,
       coalesce(r.division, '') AS division,
       coalesce(r.is_shared, false) AS is_shared,
       count(*) AS measures,
       count(*) FILTER (WHERE p.status = 'done') AS done,
       round(100.0 * count(*) FILTER (WHERE p.status = 'done') / count(*), 1) AS completion_pct
FROM picked p
LEFT JOIN measure_rollup r USING (measure_id)
WHERE len($divisions::VARCHAR[]) = 0
   OR list_contains($divisions::VARCHAR[], r.division)
   OR ($include_shared AND r.is_shared)
GROUP BY ALL
ORDER BY p.indicator_no NULLS LAST, division;
