-- Remove every address of one division of one organisation (before its new list is inserted).
-- Parameters: $org_name, $division.
DELETE FROM digest_recipients WHERE org_name = $org_name AND division = $division;
