-- Resolve the framework warnings of a year's imports once that year's framework is complete.
-- Parameters: $fiscal_year, $codes (VARCHAR[]), $actor, $now.
UPDATE import_findings SET resolved_at = $now, resolved_by = $actor
WHERE resolved_at IS NULL
  AND list_contains($codes::VARCHAR[], code)
  AND import_id IN (SELECT import_id FROM imports WHERE fiscal_year = $fiscal_year);
