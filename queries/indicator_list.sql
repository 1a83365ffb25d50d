-- Indicators that current measures of the chosen organisations answer, in framework order.
-- Parameters: $orgs (VARCHAR[], empty = all).
-- Columns: tool, indicator_no, name, name_en.
-- Read from measure_counts through filtered_counts (schema/views.sql).
SELECT c.tool, c.indicator_no, c.indicator AS name,
       coalesce(any_value(fi.name_en), c.indicator) AS name_en
FROM filtered_counts('measure', $orgs, [], [], false, [], [], [], [], []) c
LEFT JOIN indicator_names fi ON fi.name_th = c.indicator
GROUP BY c.tool, c.indicator_no, c.indicator
ORDER BY c.indicator_no NULLS LAST, name;
