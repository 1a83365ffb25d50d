-- The filtered measures due soon on $as_of: not done, their period ending within the next $days days
-- ($as_of itself included, so the day a measure is due it is due soon, and overdue from the day after,
-- as is_overdue in schema/views.sql says). Each measure once at its latest status within the chosen
-- years (latest_filtered_ids, as the open-items page follows measures), once per division it counts for
-- (measure_rollup: a section under its division, a measure naming two divisions under each, shared
-- measures under their own entry, measures naming no division under ''); soonest due first.
-- The same window as digest_measures.sql's 'due_soon' rows.
-- Parameters: the filter set (see ita/analytics/filters.py); $as_of (DATE); $days (INTEGER, 0 or more).
-- Columns: division, is_shared, measure_id, org_name, fiscal_year, indicator, item_text, action,
--          responsible_text, period, follow_up, status, period_end, days_left (days from $as_of to period_end).
SELECT coalesce(r.division, '') AS division, coalesce(r.is_shared, false) AS is_shared, m.measure_id, m.org_name,
       m.fiscal_year, m.indicator, m.item_text, m.action, m.responsible_text, m.period, m.follow_up, m.status,
       m.period_end, date_diff('day', $as_of::DATE, m.period_end) AS days_left
FROM latest_filtered_ids($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                         $org_types) l
JOIN current_measures m ON m.measure_id = l.measure_id
LEFT JOIN measure_rollup r ON r.measure_id = l.measure_id
WHERE m.status <> 'done'
  AND m.period_end BETWEEN $as_of::DATE AND $as_of::DATE + $days::INTEGER
  AND division_row_matches($divisions, $include_shared, r.division, r.is_shared)
ORDER BY m.period_end, m.org_name, m.fiscal_year, m.seq, division;
