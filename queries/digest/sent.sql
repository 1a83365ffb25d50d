-- The digests already sent for one as-of date (table sent_digests, schema/009_recipients.sql).
-- Parameters: $as_of (DATE); $orgs (VARCHAR[]; empty = every organisation).
-- Columns: org_name, division, as_of, recipients, sent_at.
-- In queries/digest/, not among the questions of queries/: a new store has no rows here (tests/test_queries.py).
SELECT org_name, division, as_of, recipients, sent_at
FROM sent_digests
WHERE as_of = $as_of::DATE
  AND (len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], org_name))
ORDER BY org_name, division;
