-- Provinces and organisation types of organisations with a current report, for those filters.
-- Columns: province, org_type, organisations.
SELECT o.province, o.org_type, count(DISTINCT o.org_id) AS organisations
FROM organisations o
WHERE o.org_id IN (SELECT org_id FROM imports WHERE state = 'active')
GROUP BY ALL
ORDER BY o.province NULLS LAST, o.org_type;
