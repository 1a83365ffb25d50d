-- The active import of an organisation and year, if any.
-- Parameters: $org_id, $fiscal_year.
-- Columns: import_id.
SELECT import_id FROM imports WHERE org_id = $org_id AND fiscal_year = $fiscal_year AND state = 'active';
