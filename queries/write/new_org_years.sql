-- The organisation-years of the measures and imports a write added: keys are assigned upwards
-- (write/next_ids.sql), so they are the rows above the newest keys before the write.
-- Parameters: $measure_id, $import_id (the newest keys before the write).
-- Columns: org_id, fiscal_year.
SELECT DISTINCT org_id, fiscal_year::INTEGER AS fiscal_year FROM measures WHERE measure_id > $measure_id
UNION
SELECT DISTINCT org_id, fiscal_year::INTEGER FROM imports WHERE import_id > $import_id;
