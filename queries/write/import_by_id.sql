-- One import with its organisation, for removing or restoring it.
-- Parameters: $import_id.
-- Columns: import_id, org_id, fiscal_year, state, file_name.
SELECT import_id, org_id, fiscal_year, state, file_name FROM imports WHERE import_id = $import_id;
