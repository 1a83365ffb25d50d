-- Mark a measure's open warnings of the given kinds as resolved (by an edit or an acknowledgement).
-- Parameters: $measure_id, $codes (VARCHAR[]), $actor, $now; or $finding_id to resolve one warning.
UPDATE import_findings SET resolved_at = $now, resolved_by = $actor
WHERE resolved_at IS NULL
  AND ((measure_id = $measure_id AND list_contains($codes::VARCHAR[], code)) OR finding_id = $finding_id);
