-- The fiscal years the open-items rule may take as its latest year (y_to in superseding_years,
-- schema/007_superseding_years.sql): those with an active import holding measures. A write that
-- changes them changes every organisation's rows (session.refresh_superseding).
-- Parameters: none.
-- Columns: fiscal_year (ascending).
SELECT DISTINCT i.fiscal_year
FROM imports i
JOIN organisations o ON o.org_id = i.org_id
WHERE i.state = 'active' AND i.row_count > 0
ORDER BY i.fiscal_year;
