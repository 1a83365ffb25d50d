-- What each write kept in store_changes changed, with the current generation: the reader's caches
-- (ita/ui/source.py) keep a result while no write since it could have changed it.
-- Parameters: none.
-- Columns: generation, write_id, org_name, fiscal_year (NULL: every year of org_name),
--          everything (the write may have changed anything), is_current (the one row of store_meta's
--          generation and write_id, whose other columns are NULL).
SELECT c.generation::BIGINT AS generation, c.write_id, o.name AS org_name, c.fiscal_year::INTEGER AS fiscal_year,
       c.org_id IS NULL OR o.name IS NULL AS everything, false AS is_current
FROM store_changes c
LEFT JOIN organisations o ON o.org_id = c.org_id
UNION ALL
SELECT (SELECT value FROM store_meta WHERE key = 'generation')::BIGINT,
       (SELECT value FROM store_meta WHERE key = 'write_id'), NULL, NULL, NULL, true;
