-- Bulk insert into sent_digests from the registered frame "incoming" (columns named as the table's;
-- ita/store/recipients.py leaves out the digests already recorded).
INSERT INTO sent_digests BY NAME SELECT * FROM incoming;
