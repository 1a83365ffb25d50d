-- A fingerprint of each organisation's row (name, type, place), to see which ones a write changed.
-- Parameters: none.
-- Columns: org_id, fingerprint.
SELECT org_id, hash(o) AS fingerprint FROM organisations o;
