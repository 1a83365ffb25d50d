-- Replace the ITA framework, indicator aliases and item keywords with the registered CSV
-- frames (framework_csv, aliases_csv, keywords_csv); add or update known divisions from
-- divisions_csv without removing divisions that imports created.
DELETE FROM framework_indicators;
DELETE FROM framework_items;
DELETE FROM indicator_aliases;
DELETE FROM item_keywords;

INSERT INTO framework_indicators
SELECT DISTINCT fiscal_year_be::SMALLINT, indicator_no::SMALLINT, tool, indicator_th, nullif(indicator_en, '')
FROM framework_csv
WHERE coalesce(indicator_no, '') <> '' AND coalesce(indicator_th, '') <> '';

INSERT INTO framework_items
SELECT fiscal_year_be::SMALLINT, lower(item_code), tool, nullif(indicator_no, '')::SMALLINT,
       sub_indicator_th, topic_th, item_name_th, confidence, note
FROM framework_csv
WHERE coalesce(item_code, '') <> '';

INSERT INTO indicator_aliases SELECT written, official FROM aliases_csv;
INSERT INTO item_keywords SELECT item_name_th, keywords FROM keywords_csv;

INSERT INTO divisions (division_id, name, parent_id, kind, aliases)
SELECT (SELECT coalesce(max(division_id), 0) FROM divisions) + row_number() OVER (), c.name, NULL, c.kind, c.aliases
FROM divisions_csv c
WHERE c.name NOT IN (SELECT name FROM divisions);

UPDATE divisions
SET kind = c.kind,
    aliases = c.aliases,
    parent_id = (SELECT p.division_id FROM divisions p WHERE p.name = c.parent)
FROM divisions_csv c
WHERE divisions.name = c.name;
