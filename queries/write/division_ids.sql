-- Division name → key, for linking measures to divisions.
-- Columns: name, division_id.
SELECT name, division_id FROM divisions;
