-- Bulk insert into framework_versions from the registered frame "incoming" (columns named as the table's).
INSERT INTO framework_versions BY NAME SELECT * FROM incoming;
