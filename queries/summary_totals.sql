-- Headline numbers for the filtered measures.
-- Parameters: the filter set (see ita/analytics/filters.py); $as_of (DATE: overdue is counted as of that day).
-- Columns: measures, done, in_progress, not_started, unknown, completion_pct (one decimal, NULL when no measures),
--          overdue (not done and past the end of their period on $as_of; see is_overdue in views.sql).
-- The counts are status_sums_as_of in schema/views.sql (status_counts_as_of summed over the groups of
-- measure_counts, read through filtered_counts), as every summary counts them.
SELECT counts.*
FROM (
    SELECT status_sums_as_of(status, period_end, measures, $as_of) AS counts
    FROM filtered_counts('measure', $orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses,
                         $provinces, $org_types)
);
