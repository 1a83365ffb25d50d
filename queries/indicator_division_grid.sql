-- Indicator × responsible division: how many measures each pair has and how many are done.
-- Divisions roll up as in by_division.sql (sections to their division, shared its own column).
-- Parameters: the filter set (see ita/analytics/filters.py).
-- Columns: indicator_no, indicator, division, is_shared, measures, done, completion_pct.
-- Counted from measure_counts through filtered_counts (schema/views.sql), summed with status_sums.
SELECT indicator_no, indicator, division, is_shared, counts.measures, counts.done, counts.completion_pct
FROM (
    SELECT indicator_no, indicator, division, is_shared, status_sums(status, measures) AS counts
    FROM filtered_counts('division', $orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses,
                         $provinces, $org_types)
    GROUP BY ALL
)
ORDER BY indicator_no NULLS LAST, division;
