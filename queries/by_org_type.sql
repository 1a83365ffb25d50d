-- Completion per organisation type (เทศบาลนคร … อบต.), for the organisations view.
-- Parameters: the filter set (see ita/analytics/filters.py).
-- Columns: org_type, organisations, measures, done, completion_pct.
-- Counted per organisation first rather than with count(DISTINCT org_id), as
-- open_by_indicator_across_orgs.sql.
WITH per_org AS (
    SELECT coalesce(org_type, '') AS org_type, org_id, count(*) AS measures,
           count(*) FILTER (WHERE status = 'done') AS done
    FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                           $org_types)
    GROUP BY ALL
)
SELECT org_type, count(*) AS organisations, sum(measures)::BIGINT AS measures, sum(done)::BIGINT AS done,
       round(100.0 * sum(done) / sum(measures), 1) AS completion_pct
FROM per_org
GROUP BY org_type
ORDER BY completion_pct, org_type;
