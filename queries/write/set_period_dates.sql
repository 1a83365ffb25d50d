-- Fill period_start and period_end from the registered frame "incoming" (period, fiscal_year,
-- period_start, period_end): one row per distinct wording and year, not per measure, so a national
-- store is updated from a few hundred rows.
UPDATE measures SET period_start = incoming.period_start, period_end = incoming.period_end
FROM incoming
WHERE measures.period = incoming.period AND measures.fiscal_year = incoming.fiscal_year;
