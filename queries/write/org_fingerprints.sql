-- A fingerprint of each organisation's row (name, type, place), to see which ones a write changed,
-- and its place as count_place (schema/views.sql) keys it, to refresh its old place's counts.
-- Parameters: none.
-- Columns: org_id, fingerprint, place (province|org_type).
SELECT org_id, hash(o) AS fingerprint, concat_ws('|', coalesce(province, ''), coalesce(org_type, '')) AS place
FROM organisations o;
