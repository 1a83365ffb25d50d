-- Fiscal years with current measures for the chosen organisations (all when $orgs is empty),
-- newest first, and whether any of that year's reports is sample data.
-- Parameters: $orgs (VARCHAR[]).
-- Columns: fiscal_year, measures, is_sample.
SELECT fiscal_year, count(*) AS measures, bool_or(is_sample) AS is_sample
FROM current_measures
WHERE len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], org_name)
GROUP BY fiscal_year
ORDER BY fiscal_year DESC;
