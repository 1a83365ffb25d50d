-- Bulk insert into divisions from the registered frame "incoming" (columns named as the table's).
INSERT INTO divisions BY NAME SELECT * FROM incoming;
