-- The stored organisations among those named in one window of an import (not every organisation:
-- a national import stores about eighty windows, and re-reading them all each time grew with the store).
-- Parameters: $names (VARCHAR[]).
-- Columns: org_id, name, province.
SELECT org_id, name, province FROM organisations WHERE name IN (SELECT unnest($names));
