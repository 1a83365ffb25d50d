-- Completion per responsible division. A section counts toward its division, a measure naming
-- two divisions counts for each, and measures shared by every division form their own entry
-- (is_shared); measures naming no division form the entry with an empty name.
-- Parameters: the filter set (see ita/analytics/filters.py).
-- Columns: name, is_shared, measures, done, in_progress, not_started, unknown, completion_pct
--          (status_sums in schema/views.sql over the groups of measure_counts, read through filtered_counts,
--          as every summary counts them).
SELECT name, is_shared, counts.*
FROM (
    SELECT division AS name, is_shared, status_sums(status, measures) AS counts
    FROM filtered_counts('division', $orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses,
                         $provinces, $org_types)
    GROUP BY ALL
)
ORDER BY counts.measures DESC, name;
