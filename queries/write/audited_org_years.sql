-- The organisation-years of the audit rows written after $since: an edit names its measure, an
-- import, removal or restore its import. org_id is NULL for a row that names neither (an
-- acknowledged warning, a refusal, a framework change), which the caller takes as "may have
-- changed anything".
-- Parameters: $since (the newest audit_id before the write).
-- Columns: org_id, fiscal_year.
SELECT DISTINCT i.org_id, i.fiscal_year::INTEGER AS fiscal_year
FROM audit_log a
LEFT JOIN measures m ON m.measure_id = a.measure_id
LEFT JOIN imports i ON i.import_id = coalesce(a.import_id, m.import_id)
WHERE a.audit_id > $since;
