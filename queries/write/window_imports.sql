-- Every stored import (each version, with its content hash and state) of the organisation-years in
-- one window of an import: what idempotent re-imports, restores and the supersede rule need.
-- Parameters: $org_ids, $fiscal_years (equal-length lists, one organisation-year per position).
-- Columns: import_id, org_id, fiscal_year, sha256, state, row_count.
SELECT i.import_id, i.org_id, i.fiscal_year, i.sha256, i.state, i.row_count
FROM imports i
JOIN (SELECT unnest($org_ids) AS org_id, unnest($fiscal_years) AS fiscal_year) w
  ON w.org_id = i.org_id AND w.fiscal_year = i.fiscal_year;
