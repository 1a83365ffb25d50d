-- The addresses that receive each division's digest (table digest_recipients, schema/009_recipients.sql).
-- Parameters: $orgs (VARCHAR[]; empty = every organisation).
-- Columns: org_name, division, email, changed_at, changed_by (by organisation, division, address).
-- In queries/digest/, not among the questions of queries/: a new store has no rows here (tests/test_queries.py).
SELECT org_name, division, email, changed_at, changed_by
FROM digest_recipients
WHERE len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], org_name)
ORDER BY org_name, division, email;
