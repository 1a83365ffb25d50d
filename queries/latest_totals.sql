-- Headline numbers of the filtered measures, each measure once with its latest status within the
-- chosen years (latest_measure_ids in schema/framework_views.sql): what the open-items page counts.
-- Parameters: the filter set (see ita/analytics/filters.py); $as_of (DATE: overdue is counted as of that day).
-- Columns: measures, done, in_progress, not_started, unknown, completion_pct (one decimal, NULL when no measures),
--          overdue (not done and past the end of their period on $as_of; see is_overdue in views.sql).
SELECT count(*) AS measures,
       count(*) FILTER (WHERE status = 'done') AS done,
       count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE status = 'not_started') AS not_started,
       count(*) FILTER (WHERE status = 'unknown') AS unknown,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / nullif(count(*), 0), 1) AS completion_pct,
       count(*) FILTER (WHERE is_overdue(status, period_end, $as_of)) AS overdue
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types)
WHERE measure_id IN (SELECT measure_id FROM latest_measure_ids($orgs, $years, $provinces, $org_types));
