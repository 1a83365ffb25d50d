-- The warnings already recorded against the measures of one fiscal year (resolved or not), so
-- that re-matching adds only the ones that are new.
-- Parameters: $fiscal_year.
-- Columns: measure_id, code.
SELECT f.measure_id, f.code
FROM import_findings f
JOIN imports i ON i.import_id = f.import_id
WHERE i.fiscal_year = $fiscal_year AND f.measure_id IS NOT NULL;
