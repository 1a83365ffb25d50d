-- The first $per_division filtered measures of each responsible division, each measure once with its
-- latest status within the chosen years (latest_measure_ids in schema/framework_views.sql), overdue
-- ones first (most days late first), then in report order; grouped as latest_by_division.sql groups
-- them (a measure naming two divisions is in both). The open-items page draws one table per division
-- from this one query, its downloads from the same with $per_division NULL (every row).
-- Parameters: the filter set (see ita/analytics/filters.py); $per_division (rows per division, NULL: all);
--             $as_of (DATE: the day overdue is judged on).
-- Columns: division, is_shared, measure_id, org_name, fiscal_year, indicator, indicator_en (the framework's
--          English name, the name as stored when the framework has none), item_text, action,
--          responsible_text, period, follow_up, status, file_name, source_line, period_end (DATE, NULL when
--          the period names no dates), days_late (NULL unless overdue on $as_of).
-- The rows are ranked on narrow columns first and their texts fetched after, so a national store's
-- tens of thousands of open items are never all held with their texts.
WITH picked AS (
    SELECT measure_id, division, is_shared, org_name, fiscal_year, seq,
           days_late(status, period_end, $as_of) AS days_late
    FROM division_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                           $org_types)
    WHERE measure_id IN (SELECT measure_id FROM latest_measure_ids($orgs, $years, $provinces, $org_types))
    QUALIFY $per_division IS NULL OR row_number() OVER (PARTITION BY division, is_shared
                               ORDER BY days_late DESC NULLS LAST, org_name, fiscal_year, seq) <= $per_division
)
SELECT p.division, p.is_shared, m.measure_id, p.org_name, m.fiscal_year, m.indicator,
       coalesce(fin.name_en, m.indicator) AS indicator_en, m.item_text, m.action,
       m.responsible_text, m.period, m.follow_up, m.status, i.file_name, m.source_line, m.period_end, p.days_late
FROM picked p
JOIN measures m ON m.measure_id = p.measure_id
JOIN imports i ON i.import_id = m.import_id
LEFT JOIN indicator_names fin ON fin.name_th = m.indicator
ORDER BY p.division, p.is_shared, p.days_late DESC NULLS LAST, p.org_name, p.fiscal_year, p.seq;
