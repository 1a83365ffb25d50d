-- Per responsible division, as by_division.sql, each measure once with its latest status within the
-- chosen years (latest_measure_ids in schema/framework_views.sql): the groups of the open-items page.
-- Parameters: the filter set (see ita/analytics/filters.py).
-- Columns: name, is_shared, measures, done, in_progress, not_started, unknown, completion_pct.
SELECT division AS name,
       is_shared,
       count(*) AS measures,
       count(*) FILTER (WHERE status = 'done') AS done,
       count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE status = 'not_started') AS not_started,
       count(*) FILTER (WHERE status = 'unknown') AS unknown,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS completion_pct
FROM division_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types)
WHERE measure_id IN (SELECT measure_id FROM latest_measure_ids($orgs, $years, $provinces, $org_types))
GROUP BY ALL
ORDER BY measures DESC, name;
