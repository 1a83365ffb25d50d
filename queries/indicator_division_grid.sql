-- Indicator × responsible division: how many measures each pair has and how many are done.
-- Divisions roll up as in by_division.sql (sections to their division, shared its own column).
-- Parameters: the filter set (see ita/filters.py).
-- Columns: indicator_no, indicator, division, is_shared, measures, done, completion_pct.
SELECT indicator_no, indicator,
       division,
       is_shared,
       count(*) AS measures,
       count(*) FILTER (WHERE status = 'done') AS done,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS completion_pct
FROM division_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types)
GROUP BY ALL
ORDER BY indicator_no NULLS LAST, division;
