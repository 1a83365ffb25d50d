-- Bulk insert into audit_log from the registered frame "incoming" (columns named as the table's).
INSERT INTO audit_log BY NAME SELECT * FROM incoming;
