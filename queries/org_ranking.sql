-- Organisations ranked by completion for the filtered measures (least complete first), with the
-- change against each organisation's previous fiscal year when $previous_year is given.
-- Parameters: the filter set (see ita/filters.py), $previous_year (INTEGER or NULL).
-- Columns: org_name, org_type, province, measures, done, in_progress, not_started, completion_pct,
--          previous_pct, change_pct, is_sample.
WITH now AS (
    SELECT org_name, any_value(org_type) AS org_type, any_value(province) AS province,
           count(*) AS measures,
           count(*) FILTER (WHERE status = 'done') AS done,
           count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
           count(*) FILTER (WHERE status = 'not_started') AS not_started,
           round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS completion_pct,
           bool_or(is_sample) AS is_sample
    FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                           $org_types)
    GROUP BY org_name
),
before AS (
    SELECT org_name, round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS previous_pct
    FROM filtered_measures($orgs, [$previous_year], $divisions, $include_shared, $indicators, $tools, $statuses,
                           $provinces, $org_types)
    WHERE $previous_year IS NOT NULL
    GROUP BY org_name
)
SELECT n.org_name, n.org_type, n.province, n.measures, n.done, n.in_progress, n.not_started, n.completion_pct,
       b.previous_pct, round(n.completion_pct - b.previous_pct, 1) AS change_pct, n.is_sample
FROM now n
LEFT JOIN before b USING (org_name)
ORDER BY n.completion_pct, n.org_name;
