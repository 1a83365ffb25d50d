-- The measures of one import, in report order, to compare it with a file about to replace it.
-- Parameters: $import_id.
-- Columns: seq, indicator, item_code, item_text, action, status.
SELECT seq, indicator, item_code, item_text, action, status
FROM measures
WHERE import_id = $import_id
ORDER BY seq;
