-- The key and repeat number of each measure of one report (the registered frame report_measures:
-- seq, indicator, item_code, item_text), by the one rule for "the same measure" (measure_item_key
-- in schema/framework_views.sql), for ita/analytics/preview.py.
-- Parameters: none.
-- Columns: seq, item_key, nth.
WITH keys AS (
    SELECT seq, measure_item_key(indicator::VARCHAR, item_code::VARCHAR, item_text::VARCHAR) AS item_key
    FROM report_measures
)
SELECT seq, item_key, row_number() OVER (PARTITION BY item_key ORDER BY seq) AS nth
FROM keys
ORDER BY seq;
