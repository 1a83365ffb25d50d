-- Bulk insert into measures from the registered frame "incoming" (columns named as the table's,
-- including period_start and period_end, the dates read from the period text; NULL when unread).
INSERT INTO measures BY NAME SELECT * FROM incoming;
