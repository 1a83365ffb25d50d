-- Completion per indicator, in framework order (IIT 1–5, EIT 6–8, OIT 9–10).
-- Parameters: the filter set (see ita/analytics/filters.py).
-- Columns: tool, indicator_no, name, name_en, measures, done, in_progress, not_started, unknown, completion_pct.
-- Counted from measure_counts through filtered_counts (schema/views.sql), summed with status_sums.
SELECT tool, indicator_no, name, name_en, counts.*
FROM (
    SELECT c.tool, c.indicator_no, c.indicator AS name, coalesce(any_value(fi.name_en), c.indicator) AS name_en,
           status_sums(c.status, c.measures) AS counts
    FROM filtered_counts('measure', $orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses,
                         $provinces, $org_types) c
    LEFT JOIN indicator_names fi ON fi.name_th = c.indicator
    GROUP BY c.tool, c.indicator_no, c.indicator
)
ORDER BY indicator_no NULLS LAST, name;
