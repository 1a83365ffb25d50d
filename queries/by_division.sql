-- Completion per responsible division. A section counts toward its division, a measure naming
-- two divisions counts for each, and measures shared by every division form their own entry
-- (is_shared); measures naming no division form the entry with an empty name.
-- Parameters: the filter set (see ita/filters.py).
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
GROUP BY ALL
ORDER BY measures DESC, name;
