-- The ITA framework as stored, one row per item (or per indicator where a year lists no items),
-- in the shape of data/reference/ita_framework.csv so catalogue.Framework.from_rows reads both.
-- Columns: fiscal_year_be, tool, indicator_no, indicator_th, indicator_en, sub_indicator_th,
--          topic_th, item_code, item_name_th, confidence.
SELECT coalesce(it.fiscal_year, ind.fiscal_year) AS fiscal_year_be,
       coalesce(it.tool, ind.tool) AS tool,
       coalesce(it.indicator_no, ind.indicator_no) AS indicator_no,
       ind.name_th AS indicator_th,
       ind.name_en AS indicator_en,
       it.sub_indicator_th,
       it.topic_th,
       it.item_code,
       it.item_name_th,
       it.confidence
FROM framework_items it
FULL OUTER JOIN framework_indicators ind
  ON ind.fiscal_year = it.fiscal_year AND ind.indicator_no = it.indicator_no
-- Items in the order of the reference CSV (i2 before i10), so that the framework read from the store
-- is the framework read from the CSV, item for item, and whatever walks its items walks them alike.
ORDER BY fiscal_year_be, indicator_no, position(left(it.item_code, 1) IN 'ieo'),
         try_cast(substr(it.item_code, 2) AS INTEGER), it.item_code;
