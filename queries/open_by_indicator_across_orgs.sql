-- The indicators most often left open: for each indicator, how many organisations have at least one
-- measure under it not yet done, out of the organisations that report on it.
-- Parameters: the filter set (see ita/filters.py).
-- Columns: tool, indicator_no, name, name_en, organisations, organisations_open, open_measures, open_share_pct.
SELECT m.tool, m.indicator_no, m.indicator AS name, coalesce(any_value(fi.name_en), m.indicator) AS name_en,
       count(DISTINCT m.org_id) AS organisations,
       count(DISTINCT m.org_id) FILTER (WHERE m.status <> 'done') AS organisations_open,
       count(*) FILTER (WHERE m.status <> 'done') AS open_measures,
       round(100.0 * count(DISTINCT m.org_id) FILTER (WHERE m.status <> 'done')
             / count(DISTINCT m.org_id), 1) AS open_share_pct
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                       $org_types) m
LEFT JOIN indicator_names fi ON fi.name_th = m.indicator
GROUP BY m.tool, m.indicator_no, m.indicator
ORDER BY open_share_pct DESC, open_measures DESC;
