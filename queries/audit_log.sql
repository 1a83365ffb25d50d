-- The audit log, newest first: every edit, import, removal, restore and acknowledged warning.
-- Parameters: $orgs (VARCHAR[]), $years (INTEGER[]); empty = all; $limit (rows).
-- Columns: audit_id, changed_at, actor, action, org_name, fiscal_year, measure_id, import_id, item_code,
--          field, old_value, new_value, reason.
SELECT a.audit_id, a.changed_at, a.actor, a.action, o.name AS org_name, i.fiscal_year::INTEGER AS fiscal_year,
       a.measure_id, coalesce(a.import_id, m.import_id) AS import_id, m.item_code, a.field, a.old_value,
       a.new_value, a.reason
FROM audit_log a
LEFT JOIN measures m ON m.measure_id = a.measure_id
LEFT JOIN imports i ON i.import_id = coalesce(a.import_id, m.import_id)
LEFT JOIN organisations o ON o.org_id = i.org_id
WHERE (len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], o.name) OR o.name IS NULL)
  AND (len($years::INTEGER[]) = 0 OR list_contains($years::INTEGER[], i.fiscal_year::INTEGER)
       OR i.fiscal_year IS NULL)
ORDER BY a.changed_at DESC, a.audit_id DESC
LIMIT $limit;
