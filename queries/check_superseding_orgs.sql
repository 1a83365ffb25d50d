-- The organisations whose superseding_years rows check_superseding_years.sql compares: every stored
-- organisation and any the table names (rows of an organisation that no longer exists are wrong).
-- Parameters: none.
-- Columns: org_id (ascending).
SELECT org_id FROM organisations
UNION
SELECT DISTINCT org_id FROM superseding_years
ORDER BY org_id;
