-- Every item of the framework in force with its name, for deriving the crosswalk.
-- Parameters: none.
-- Columns: fiscal_year, tool, item_code, item_name_th.
SELECT fiscal_year::INTEGER AS fiscal_year, tool, item_code, nullif(trim(item_name_th), '') AS item_name_th
FROM framework_items
ORDER BY fiscal_year, tool, item_code;
