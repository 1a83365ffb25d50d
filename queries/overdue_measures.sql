-- The filtered measures that are overdue on $as_of (not done, their period ended before it), most
-- days late first: the list the PDF summary names.
-- Parameters: the filter set (see ita/analytics/filters.py); $as_of (DATE); $limit (rows, NULL for all).
-- Columns: measure_id, org_name, fiscal_year, tool, indicator, item_text, action, responsible_text, period,
--          period_end, status, days_late.
SELECT measure_id, org_name, fiscal_year, tool, indicator, item_text, action, responsible_text, period,
       period_end, status, days_late(status, period_end, $as_of) AS days_late
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                       $org_types)
WHERE is_overdue(status, period_end, $as_of)
ORDER BY days_late DESC, org_name, fiscal_year, seq
LIMIT $limit;
