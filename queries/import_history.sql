-- Every import (active, superseded and removed) of the chosen organisations and years, newest first.
-- Parameters: $orgs (VARCHAR[]), $years (INTEGER[]); empty = all.
-- Columns: import_id, org_name, fiscal_year, file_name, sha256, source_kind, imported_at, imported_by,
--          row_count, warning_count, open_warnings, is_sample, state, replaced_by.
SELECT i.import_id, o.name AS org_name, i.fiscal_year::INTEGER AS fiscal_year, i.file_name, i.sha256,
       i.source_kind, i.imported_at, i.imported_by, i.row_count, i.warning_count,
       (SELECT count(*) FROM import_findings f WHERE f.import_id = i.import_id AND f.resolved_at IS NULL)
           AS open_warnings,
       i.is_sample, i.state, i.replaced_by
FROM imports i
JOIN organisations o ON o.org_id = i.org_id
WHERE (len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], o.name))
  AND (len($years::INTEGER[]) = 0 OR list_contains($years::INTEGER[], i.fiscal_year::INTEGER))
ORDER BY i.imported_at DESC, i.import_id DESC;
