-- How much a store holds, for `python -m ita check` and the backups list.
-- Columns: generation, organisations, imports, active_imports, measures, audit_rows.
SELECT (SELECT value FROM store_meta WHERE key = 'generation')::INTEGER AS generation,
       (SELECT count(*) FROM organisations) AS organisations,
       (SELECT count(*) FROM imports) AS imports,
       (SELECT count(*) FROM imports WHERE state = 'active') AS active_imports,
       (SELECT count(*) FROM measures) AS measures,
       (SELECT count(*) FROM audit_log) AS audit_rows;
