-- Completion per fiscal year, for the trend and the change against the previous year.
-- Parameters: the filter set (see ita/analytics/filters.py); pass years = [] to see every year.
-- Columns: fiscal_year, is_sample, measures, done, in_progress, not_started, unknown, completion_pct.
-- Counted from measure_counts through filtered_counts (schema/views.sql), summed with status_sums.
SELECT fiscal_year, is_sample, counts.*
FROM (
    SELECT fiscal_year::INTEGER AS fiscal_year, bool_or(is_sample) AS is_sample, status_sums(status, measures) AS counts
    FROM filtered_counts('measure', $orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses,
                         $provinces, $org_types)
    GROUP BY fiscal_year
)
ORDER BY fiscal_year;
