-- Bulk insert into ita_scores from the registered frame "incoming" (columns named as the table's).
INSERT INTO ita_scores BY NAME SELECT * FROM incoming;
