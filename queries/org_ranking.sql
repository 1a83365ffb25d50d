-- Organisations ranked by completion for the filtered measures (least complete first), with the
-- change against each organisation's previous fiscal year when $previous_year is given.
-- Parameters: the filter set (see ita/analytics/filters.py), $previous_year (INTEGER or NULL).
-- Columns: org_name, org_type, province, measures, done, in_progress, not_started, completion_pct,
--          previous_pct, change_pct, is_sample.
-- Grouped on org_id, not on the Thai names: a national year is 240,000 measures.
WITH now AS (
    SELECT org_id,
           count(*) AS measures,
           count(*) FILTER (WHERE status = 'done') AS done,
           count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
           count(*) FILTER (WHERE status = 'not_started') AS not_started,
           round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS completion_pct,
           bool_or(is_sample) AS is_sample
    FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                           $org_types)
    GROUP BY org_id
),
before AS (
    SELECT org_id, round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS previous_pct
    FROM filtered_measures($orgs, [$previous_year], $divisions, $include_shared, $indicators, $tools, $statuses,
                           $provinces, $org_types)
    WHERE $previous_year IS NOT NULL
    GROUP BY org_id
)
SELECT o.name AS org_name, o.org_type, o.province, n.measures, n.done, n.in_progress, n.not_started, n.completion_pct,
       b.previous_pct, round(n.completion_pct - b.previous_pct, 1) AS change_pct, n.is_sample
FROM now n
JOIN organisations o USING (org_id)
LEFT JOIN before b USING (org_id)
ORDER BY n.completion_pct, o.name;
