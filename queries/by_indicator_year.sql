-- Completion per indicator and fiscal year, for comparing years side by side.
-- Parameters: the filter set (see ita/analytics/filters.py).
-- Columns: tool, indicator_no, name, name_en, fiscal_year, measures, done, completion_pct.
-- Counted from measure_counts through filtered_counts (schema/views.sql), summed with status_sums.
SELECT tool, indicator_no, name, name_en, fiscal_year, counts.measures, counts.done, counts.completion_pct
FROM (
    SELECT c.tool, c.indicator_no, c.indicator AS name, coalesce(any_value(fi.name_en), c.indicator) AS name_en,
           c.fiscal_year::INTEGER AS fiscal_year, status_sums(c.status, c.measures) AS counts
    FROM filtered_counts('measure', $orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses,
                         $provinces, $org_types) c
    LEFT JOIN indicator_names fi ON fi.name_th = c.indicator
    GROUP BY c.tool, c.indicator_no, c.indicator, c.fiscal_year
)
ORDER BY indicator_no NULLS LAST, name, fiscal_year;
