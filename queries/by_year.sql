-- Completion per fiscal year, for the trend and the change against the previous year.
-- Parameters: the filter set (see ita/filters.py); pass years = [] to see every year.
-- Columns: fiscal_year, is_sample, measures, done, in_progress, not_started, unknown, completion_pct.
SELECT fiscal_year::INTEGER AS fiscal_year,
       bool_or(is_sample) AS is_sample,
       count(*) AS measures,
       count(*) FILTER (WHERE status = 'done') AS done,
       count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE status = 'not_started') AS not_started,
       count(*) FILTER (WHERE status = 'unknown') AS unknown,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS completion_pct
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types)
GROUP BY fiscal_year
ORDER BY fiscal_year;
