-- Responsible divisions (rolled up) that current measures of the chosen organisations name.
-- Parameters: $orgs (VARCHAR[], empty = all).
-- Columns: name, is_shared, measures.
SELECT r.division AS name, r.is_shared, count(*) AS measures
FROM current_measures m
JOIN measure_rollup r USING (measure_id)
WHERE len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], m.org_name)
GROUP BY ALL
ORDER BY r.is_shared, measures DESC, name;
