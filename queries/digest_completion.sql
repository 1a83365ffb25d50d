-- Each organisation's completion in each of its fiscal years (all divisions, all statuses), what every
-- digest states beside its division's list, with status_counts (schema/views.sql) as every summary counts.
-- Parameters: $orgs (VARCHAR[]; empty = every organisation).
-- Columns: org_name, fiscal_year, measures, done, in_progress, not_started, unknown, completion_pct.
SELECT org_name, fiscal_year::INTEGER AS fiscal_year, counts.*
FROM (
    SELECT org_name, fiscal_year, status_counts(status) AS counts
    FROM filtered_measures($orgs, [], [], false, [], [], [], [], [])
    GROUP BY ALL
)
ORDER BY org_name, fiscal_year;
