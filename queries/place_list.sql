-- Provinces and organisation types present, for the province and type filters.
-- Columns: province, org_type, organisations.
SELECT o.province, o.org_type, count(DISTINCT o.org_id) AS organisations
FROM organisations o
WHERE o.org_id IN (SELECT org_id FROM current_measures)
GROUP BY ALL
ORDER BY o.province NULLS LAST, o.org_type;
