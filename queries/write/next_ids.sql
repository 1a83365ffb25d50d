-- The next free key of each table; the writer assigns keys itself while it holds the lock.
-- Columns: org_id, import_id, measure_id, finding_id, audit_id, division_id.
SELECT
    (SELECT coalesce(max(org_id), 0) + 1 FROM organisations) AS org_id,
    (SELECT coalesce(max(import_id), 0) + 1 FROM imports) AS import_id,
    (SELECT coalesce(max(measure_id), 0) + 1 FROM measures) AS measure_id,
    (SELECT coalesce(max(finding_id), 0) + 1 FROM import_findings) AS finding_id,
    (SELECT coalesce(max(audit_id), 0) + 1 FROM audit_log) AS audit_id,
    (SELECT coalesce(max(division_id), 0) + 1 FROM divisions) AS division_id;
