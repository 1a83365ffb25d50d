-- Every organisation the store knows (also those whose reports were all removed), with its
-- province, to match them against an editor's scope.
-- Parameters: none.
-- Columns: name, province.
SELECT name, province FROM organisations ORDER BY name;
