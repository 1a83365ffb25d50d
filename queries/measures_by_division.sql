-- The first $per_division filtered measures of each responsible division, in report order,
-- grouped as by_division.sql groups them (a measure naming two divisions is in both). The
-- open-items page draws one table per division from this one query.
-- Parameters: the filter set (see ita/filters.py); $per_division (rows per division).
-- Columns: division, is_shared, measure_id, org_name, fiscal_year, indicator, item_text, action,
--          responsible_text, period, follow_up, status, file_name, source_line.
SELECT m.division, m.is_shared, m.measure_id, m.org_name, m.fiscal_year, m.indicator, m.item_text, m.action,
       m.responsible_text, m.period, m.follow_up, m.status, i.file_name, m.source_line
FROM division_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                       $org_types) m
JOIN imports i ON i.import_id = m.import_id
QUALIFY row_number() OVER (PARTITION BY m.division, m.is_shared ORDER BY m.org_name, m.fiscal_year, m.seq)
        <= $per_division
ORDER BY m.division, m.is_shared, m.org_name, m.fiscal_year, m.seq;
