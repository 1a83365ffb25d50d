-- Completion per organisation type (เทศบาลนคร … อบต.), for the organisations view.
-- Parameters: the filter set (see ita/filters.py).
-- Columns: org_type, organisations, measures, done, completion_pct.
SELECT coalesce(org_type, '') AS org_type, count(DISTINCT org_id) AS organisations, count(*) AS measures,
       count(*) FILTER (WHERE status = 'done') AS done,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS completion_pct
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                       $org_types)
GROUP BY ALL
ORDER BY completion_pct, org_type;
