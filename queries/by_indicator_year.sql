-- Completion per indicator and fiscal year, for comparing years side by side.
-- Parameters: the filter set (see ita/filters.py).
-- Columns: tool, indicator_no, name, name_en, fiscal_year, measures, done, completion_pct.
SELECT m.tool, m.indicator_no, m.indicator AS name,
       coalesce(any_value(fi.name_en), m.indicator) AS name_en,
       m.fiscal_year::INTEGER AS fiscal_year,
       count(*) AS measures,
       count(*) FILTER (WHERE m.status = 'done') AS done,
       round(100.0 * count(*) FILTER (WHERE m.status = 'done') / count(*), 1) AS completion_pct
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types) m
LEFT JOIN indicator_names fi ON fi.name_th = m.indicator
GROUP BY m.tool, m.indicator_no, m.indicator, m.fiscal_year
ORDER BY m.indicator_no NULLS LAST, m.indicator, m.fiscal_year;
