-- Rebuild the division rows (measure_rollup) of the measures with keys in [$from_id, $to_id]:
-- a section (งานพัสดุ) counts under its parent division, each division once per measure.
-- Parameters: $from_id, $to_id (BIGINT).
DELETE FROM measure_rollup WHERE measure_id BETWEEN $from_id AND $to_id;

INSERT INTO measure_rollup
SELECT DISTINCT md.measure_id, coalesce(p.name, d.name), d.kind = 'shared'
FROM measure_divisions md
JOIN divisions d ON d.division_id = md.division_id
LEFT JOIN divisions p ON p.division_id = d.parent_id
WHERE md.measure_id BETWEEN $from_id AND $to_id;
