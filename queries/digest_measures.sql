-- What the divisions' digests list: each measure of the chosen organisations' chosen years that is not
-- done and is overdue on $as_of (its period ended before it: is_overdue in schema/views.sql) or due
-- within the next $days days ($as_of included: due_soon.sql's window), once per division it counts for
-- (measure_rollup: a section under its division, a measure naming two divisions under each, shared
-- measures under their own entry, measures naming no division under ''); overdue first, most days late
-- first, then soonest due, then in report order.
-- Parameters: $orgs (VARCHAR[]), $years (INTEGER[]): empty = all; $as_of (DATE); $days (INTEGER, 0 or more).
-- Columns: org_name, fiscal_year, division, is_shared, kind ('overdue' or 'due_soon'), measure_id, indicator,
--          item_text, action, responsible_text, period, status, period_end, days (days late when overdue,
--          days left when due soon).
SELECT m.org_name, m.fiscal_year::INTEGER AS fiscal_year, coalesce(r.division, '') AS division,
       coalesce(r.is_shared, false) AS is_shared,
       CASE WHEN is_overdue(m.status, m.period_end, $as_of) THEN 'overdue' ELSE 'due_soon' END AS kind,
       m.measure_id, m.indicator, m.item_text, m.action, m.responsible_text, m.period, m.status, m.period_end,
       abs(date_diff('day', $as_of::DATE, m.period_end)) AS days
FROM filtered_measures($orgs, $years, [], false, [], [], [], [], []) m
LEFT JOIN measure_rollup r ON r.measure_id = m.measure_id
WHERE m.status <> 'done'
  AND (is_overdue(m.status, m.period_end, $as_of)
       OR m.period_end BETWEEN $as_of::DATE AND $as_of::DATE + $days::INTEGER)
ORDER BY m.org_name, division, kind DESC, CASE WHEN kind = 'overdue' THEN -days ELSE days END, m.fiscal_year, m.seq;
