-- The indicators most often left open: for each indicator, how many organisations have at least one
-- measure under it not yet done, out of the organisations that report on it.
-- Parameters: the filter set (see ita/analytics/filters.py).
-- Columns: tool, indicator_no, name, name_en, organisations, organisations_open, open_measures, open_share_pct.
-- Counted per organisation first rather than with count(DISTINCT org_id), which built a hash table
-- per count: a national year held 35.7 MiB and took 31 ms, this 22.2 MiB and 18 ms.
WITH per_org AS (
    SELECT m.tool, m.indicator_no, m.indicator, m.org_id, count(*) FILTER (WHERE m.status <> 'done') AS open_measures
    FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                           $org_types) m
    GROUP BY m.tool, m.indicator_no, m.indicator, m.org_id
)
SELECT p.tool, p.indicator_no, p.indicator AS name, coalesce(any_value(fi.name_en), p.indicator) AS name_en,
       count(*) AS organisations,
       count(*) FILTER (WHERE p.open_measures > 0) AS organisations_open,
       sum(p.open_measures)::BIGINT AS open_measures,
       round(100.0 * count(*) FILTER (WHERE p.open_measures > 0) / count(*), 1) AS open_share_pct
FROM per_org p
LEFT JOIN indicator_names fi ON fi.name_th = p.indicator
GROUP BY p.tool, p.indicator_no, p.indicator
ORDER BY open_share_pct DESC, open_measures DESC;
