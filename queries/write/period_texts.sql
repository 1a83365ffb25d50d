-- Every distinct period wording of the stored measures with the fiscal year it was written for,
-- for the one-off reading of their dates when a store is migrated to schema version 3.
-- Columns: period, fiscal_year.
SELECT DISTINCT period, fiscal_year
FROM measures
WHERE period IS NOT NULL AND trim(period) <> '';
