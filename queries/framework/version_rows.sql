-- The rows of one framework version, in the columns of data/reference/ita_framework.csv, in file order.
-- Parameters: $version_id.
-- Columns: line, fiscal_year_be, tool, indicator_no, indicator_th, indicator_en, sub_indicator_th, topic_th,
--          item_code, item_name_th, confidence, note.
SELECT line, fiscal_year_be, tool, indicator_no, indicator_th, indicator_en, sub_indicator_th, topic_th,
       item_code, item_name_th, confidence, note
FROM framework_version_rows
WHERE version_id = $version_id
ORDER BY line NULLS LAST, tool, indicator_no NULLS LAST,
         CASE WHEN item_code IS NULL THEN NULL ELSE try_cast(substr(item_code, 2) AS INTEGER) END NULLS FIRST;
