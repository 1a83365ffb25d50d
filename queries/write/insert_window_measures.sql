-- Bulk insert into measures from the registered frame "incoming": a window of an import's measures,
-- columns named as the table's plus division_ids (each measure's division keys, stored apart by
-- write/insert_window_links). Columns the frame leaves out (updated_at) are NULL.
INSERT INTO measures BY NAME SELECT * EXCLUDE (division_ids) FROM incoming;
