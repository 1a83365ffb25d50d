-- Every import with its content hash, for idempotent re-imports.
-- Columns: import_id, org_id, fiscal_year, sha256, state, row_count.
SELECT import_id, org_id, fiscal_year, sha256, state, row_count FROM imports;
