-- Fiscal years with a current report for the chosen organisations (all when $orgs is empty),
-- newest first, and whether any of that year's reports is sample data.
-- Parameters: $orgs (VARCHAR[]).
-- Columns: fiscal_year, measures, is_sample.
SELECT i.fiscal_year::INTEGER AS fiscal_year, sum(i.row_count) AS measures, bool_or(i.is_sample) AS is_sample
FROM imports i
JOIN organisations o ON o.org_id = i.org_id
WHERE i.state = 'active' AND (len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], o.name))
GROUP BY i.fiscal_year
ORDER BY i.fiscal_year DESC;
