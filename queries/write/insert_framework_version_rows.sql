-- Bulk insert into framework_version_rows from the registered frame "incoming" (columns named as the table's).
INSERT INTO framework_version_rows BY NAME SELECT * FROM incoming;
