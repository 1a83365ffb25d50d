-- Words that identify an OIT item in a row's text, keyed by item name (codes move between years).
-- Columns: item_name_th, keywords (;-separated).
SELECT item_name_th, keywords FROM item_keywords ORDER BY item_name_th;
