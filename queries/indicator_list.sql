-- Indicators that current measures of the chosen organisations answer, in framework order.
-- Parameters: $orgs (VARCHAR[], empty = all).
-- Columns: tool, indicator_no, name, name_en.
SELECT m.tool, m.indicator_no, m.indicator AS name,
       coalesce(any_value(fi.name_en), m.indicator) AS name_en
FROM current_measures m
LEFT JOIN indicator_names fi ON fi.name_th = m.indicator
WHERE len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], m.org_name)
GROUP BY m.tool, m.indicator_no, m.indicator
ORDER BY m.indicator_no NULLS LAST, name;
