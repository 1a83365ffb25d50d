-- The divisions a digest is written for: each responsible division (rolled up, measure_rollup) that
-- current measures of the chosen organisations name, per organisation and fiscal year; not the entry
-- of measures shared by every division, nor the measures naming no division.
-- Parameters: $orgs (VARCHAR[]; empty = every organisation).
-- Columns: org_name, fiscal_year, division (by organisation, year, division).
SELECT DISTINCT m.org_name, m.fiscal_year::INTEGER AS fiscal_year, r.division
FROM filtered_measures($orgs, [], [], false, [], [], [], [], []) m
JOIN measure_rollup r ON r.measure_id = m.measure_id
WHERE NOT r.is_shared AND r.division <> ''
ORDER BY m.org_name, fiscal_year, r.division;
