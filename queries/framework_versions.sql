-- Every version of the framework, newest first per year: the one in force is 'active'.
-- Parameters: $years (INTEGER[]; empty = all).
-- Columns: version_id, fiscal_year, state, created_at, created_by, source, file_name, sha256, row_count.
SELECT version_id, fiscal_year::INTEGER AS fiscal_year, state, created_at, created_by, source, file_name, sha256,
       row_count
FROM framework_versions
WHERE len($years::INTEGER[]) = 0 OR list_contains($years::INTEGER[], fiscal_year::INTEGER)
ORDER BY fiscal_year, version_id DESC;
