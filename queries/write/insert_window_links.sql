-- Bulk insert into measure_divisions from the registered frame "incoming" (a window of an import's
-- measures, see write/insert_window_measures): one row per measure and division key it names.
INSERT INTO measure_divisions (measure_id, division_id)
SELECT measure_id, unnest(division_ids) FROM incoming;
