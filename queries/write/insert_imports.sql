-- Bulk insert into imports from the registered frame "incoming" (columns named as the table's).
INSERT INTO imports BY NAME SELECT * FROM incoming;
