-- Headline numbers for the filtered measures.
-- Parameters: the filter set (see ita/filters.py).
-- Columns: measures, done, in_progress, not_started, unknown, completion_pct (one decimal, NULL when no measures).
SELECT count(*) AS measures,
       count(*) FILTER (WHERE status = 'done') AS done,
       count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE status = 'not_started') AS not_started,
       count(*) FILTER (WHERE status = 'unknown') AS unknown,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / nullif(count(*), 0), 1) AS completion_pct
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types);
