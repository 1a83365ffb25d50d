-- Bulk insert into item_crosswalk from the registered frame "incoming" (columns named as the table's).
INSERT INTO item_crosswalk BY NAME SELECT * FROM incoming;
