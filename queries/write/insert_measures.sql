-- Bulk insert into measures from the registered frame "incoming" (columns named as the table's).
INSERT INTO measures BY NAME SELECT * FROM incoming;
