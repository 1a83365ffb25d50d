-- The organisations (name, province) that some measures, warnings or imports belong to, so the
-- writer can check them against the editor's scope before changing anything.
-- Parameters: $measure_ids (BIGINT[]), $finding_ids (BIGINT[]), $import_ids (INTEGER[]); empty = none.
-- Columns: org_name, province.
SELECT DISTINCT o.name AS org_name, o.province
FROM imports i
JOIN organisations o ON o.org_id = i.org_id
WHERE list_contains($import_ids::INTEGER[], i.import_id)
   OR i.import_id IN (SELECT m.import_id FROM measures m WHERE list_contains($measure_ids::BIGINT[], m.measure_id))
   OR i.import_id IN (SELECT f.import_id FROM import_findings f
                      WHERE list_contains($finding_ids::BIGINT[], f.finding_id))
ORDER BY org_name;
