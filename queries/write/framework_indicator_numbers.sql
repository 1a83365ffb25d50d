-- The indicator numbers each fiscal year's framework names, for refusing a score of an indicator the
-- year does not have (a year whose framework names no indicators is not listed).
-- Parameters: none.
-- Columns: fiscal_year, indicator_nos (INTEGER[]).
SELECT fiscal_year::INTEGER AS fiscal_year, list(DISTINCT indicator_no::INTEGER ORDER BY indicator_no::INTEGER) AS indicator_nos
FROM framework_indicators
GROUP BY fiscal_year;
