-- The editable fields of some measures, as they are now, to check an editor's old values.
-- Parameters: $measure_ids (BIGINT[]).
-- Columns: measure_id, fiscal_year, import_state, status, evidence_url, note, item_code, responsible_text.
SELECT m.measure_id, m.fiscal_year, i.state AS import_state, m.status, m.evidence_url, m.note, m.item_code,
       m.responsible_text
FROM measures m
JOIN imports i USING (import_id)
WHERE list_contains($measure_ids::BIGINT[], m.measure_id);
