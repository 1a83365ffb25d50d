-- Completion per indicator, in framework order (IIT 1–5, EIT 6–8, OIT 9–10).
-- Parameters: the filter set (see ita/filters.py).
-- Columns: tool, indicator_no, name, name_en, measures, done, in_progress, not_started, unknown, completion_pct.
SELECT m.tool,
       m.indicator_no,
       m.indicator AS name,
       coalesce(any_value(fi.name_en), m.indicator) AS name_en,
       count(*) AS measures,
       count(*) FILTER (WHERE m.status = 'done') AS done,
       count(*) FILTER (WHERE m.status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE m.status = 'not_started') AS not_started,
       count(*) FILTER (WHERE m.status = 'unknown') AS unknown,
       round(100.0 * count(*) FILTER (WHERE m.status = 'done') / count(*), 1) AS completion_pct
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types) m
LEFT JOIN indicator_names fi ON fi.name_th = m.indicator
GROUP BY m.tool, m.indicator_no, m.indicator
ORDER BY m.indicator_no NULLS LAST, m.indicator;
