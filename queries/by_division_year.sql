-- Completion per responsible division (rolled up as in by_division.sql) and fiscal year.
-- Parameters: the filter set (see ita/analytics/filters.py).
-- Columns: name, is_shared, fiscal_year, measures, done, completion_pct.
-- Counted from measure_counts through filtered_counts (schema/views.sql), summed with status_sums.
SELECT name, is_shared, fiscal_year, counts.measures, counts.done, counts.completion_pct
FROM (
    SELECT division AS name, is_shared, fiscal_year::INTEGER AS fiscal_year, status_sums(status, measures) AS counts
    FROM filtered_counts('division', $orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses,
                         $provinces, $org_types)
    GROUP BY ALL
)
ORDER BY name, fiscal_year;
