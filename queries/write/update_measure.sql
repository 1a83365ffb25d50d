-- Change one field of one measure (an editor's correction); the caller has checked the old value.
-- Parameters: $measure_id, $field (status, evidence_url, note, item_code, responsible_text), $value,
--             $now (timestamp), $division_keys and $shared (what a new responsible text names).
-- Changing item_code records that an editor confirmed the match.
UPDATE measures SET
    status           = CASE WHEN $field = 'status' THEN $value ELSE status END,
    evidence_url     = CASE WHEN $field = 'evidence_url' THEN $value ELSE evidence_url END,
    note             = CASE WHEN $field = 'note' THEN $value ELSE note END,
    item_code        = CASE WHEN $field = 'item_code' THEN $value ELSE item_code END,
    item_match       = CASE WHEN $field = 'item_code' THEN 'manual' ELSE item_match END,
    match_confidence = CASE WHEN $field = 'item_code' THEN 1.0 ELSE match_confidence END,
    responsible_text = CASE WHEN $field = 'responsible_text' THEN $value ELSE responsible_text END,
    division_keys    = CASE WHEN $field = 'responsible_text' THEN $division_keys::VARCHAR[] ELSE division_keys END,
    shared           = CASE WHEN $field = 'responsible_text' THEN $shared ELSE shared END,
    updated_at       = $now
WHERE measure_id = $measure_id;
