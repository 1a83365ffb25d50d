-- Bulk insert into measure_divisions from the registered frame "incoming" (columns named as the table's).
INSERT INTO measure_divisions BY NAME SELECT * FROM incoming;
