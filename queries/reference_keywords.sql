-- Words that identify an OIT item in a row's text, keyed by item name (codes move between years).
-- Columns: item_name_th, keywords (;-separated).
-- In the order the reference CSV lists them (the order they were inserted in), as the aliases.
SELECT item_name_th, keywords FROM item_keywords ORDER BY rowid;
