-- Every division the store knows, with its parent's name.
-- Columns: name, parent, kind (division, section, shared), aliases (;-separated).
SELECT d.name, p.name AS parent, d.kind, d.aliases
FROM divisions d
LEFT JOIN divisions p ON p.division_id = d.parent_id
ORDER BY d.division_id;
