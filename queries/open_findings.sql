-- Import warnings not yet resolved, for the filtered organisations and years.
-- Parameters: $orgs (VARCHAR[]), $years (INTEGER[]); empty = all.
-- Columns: finding_id, import_id, measure_id, org_name, fiscal_year, file_name, line, code, args,
--          item_code, indicator, status, responsible_text, item_text.
SELECT f.finding_id, f.import_id, f.measure_id, o.name AS org_name, i.fiscal_year, i.file_name, f.line,
       f.code, f.args, m.item_code, m.indicator, m.status, m.responsible_text, m.item_text
FROM import_findings f
JOIN imports i ON i.import_id = f.import_id AND i.state = 'active'
JOIN organisations o ON o.org_id = i.org_id
LEFT JOIN measures m ON m.measure_id = f.measure_id
WHERE f.resolved_at IS NULL
  AND (len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], o.name))
  AND (len($years::INTEGER[]) = 0 OR list_contains($years::INTEGER[], i.fiscal_year::INTEGER))
ORDER BY o.name, i.fiscal_year, f.line, f.code;
