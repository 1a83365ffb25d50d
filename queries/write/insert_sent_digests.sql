-- Bulk insert into sent_digests from the registered frame "incoming"; a digest already recorded for
-- its organisation, division and date keeps its first row.
INSERT OR IGNORE INTO sent_digests BY NAME SELECT * FROM incoming;
