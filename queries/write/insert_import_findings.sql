-- Bulk insert into import_findings from the registered frame "incoming" (columns named as the table's).
INSERT INTO import_findings BY NAME SELECT * FROM incoming;
