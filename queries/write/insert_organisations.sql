-- Bulk insert into organisations from the registered frame "incoming" (columns named as the table's).
INSERT INTO organisations BY NAME SELECT * FROM incoming;
