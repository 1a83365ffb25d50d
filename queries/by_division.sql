-- Completion per responsible division. A section counts toward its division, a measure naming
-- two divisions counts for each, and measures shared by every division form their own entry
-- (is_shared); measures naming no division form the entry with an empty name.
-- Parameters: the filter set (see ita/filters.py).
-- Columns: name, is_shared, measures, done, in_progress, not_started, unknown, completion_pct
--          (status_counts in schema/views.sql, as every summary counts them).
SELECT name, is_shared, counts.*
FROM (
    SELECT division AS name, is_shared, status_counts(status) AS counts
    FROM division_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                           $org_types)
    GROUP BY ALL
)
ORDER BY counts.measures DESC, name;
