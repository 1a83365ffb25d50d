-- Completion per responsible division. A section counts toward its division, a measure naming
-- two divisions counts for each, and measures shared by every division form their own entry
-- (is_shared); measures naming no division form the entry with an empty name.
-- Parameters: the filter set (see ita/filters.py).
-- Columns: name, is_shared, measures, done, in_progress, not_started, unknown, completion_pct.
WITH picked AS (
    SELECT measure_id, status
    FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types)
)
SELECT coalesce(r.division, '') AS name,
       coalesce(r.is_shared, false) AS is_shared,
       count(*) AS measures,
       count(*) FILTER (WHERE p.status = 'done') AS done,
       count(*) FILTER (WHERE p.status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE p.status = 'not_started') AS not_started,
       count(*) FILTER (WHERE p.status = 'unknown') AS unknown,
       round(100.0 * count(*) FILTER (WHERE p.status = 'done') / count(*), 1) AS completion_pct
FROM picked p
LEFT JOIN measure_rollup r USING (measure_id)
WHERE len($divisions::VARCHAR[]) = 0
   OR list_contains($divisions::VARCHAR[], r.division)
   OR ($include_shared AND r.is_shared)
GROUP BY ALL
ORDER BY measures DESC, name;
