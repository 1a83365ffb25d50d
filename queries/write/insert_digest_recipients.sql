-- Bulk insert into digest_recipients from the registered frame "incoming" (columns named as the table's).
INSERT INTO digest_recipients BY NAME SELECT * FROM incoming;
