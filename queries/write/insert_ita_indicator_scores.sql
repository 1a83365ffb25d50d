-- Bulk insert into ita_indicator_scores from the registered frame "incoming" (columns named as the table's).
INSERT INTO ita_indicator_scores BY NAME SELECT * FROM incoming;
