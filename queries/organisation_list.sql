-- Organisations with current measures, for the organisation filter.
-- Parameters: $provinces, $org_types (VARCHAR[], empty = all).
-- Columns: name, org_type, province, district, years, measures.
SELECT o.name, o.org_type, o.province, o.district,
       count(DISTINCT m.fiscal_year) AS years, count(*) AS measures
FROM current_measures m
JOIN organisations o ON o.org_id = m.org_id
WHERE (len($provinces::VARCHAR[]) = 0 OR list_contains($provinces::VARCHAR[], o.province))
  AND (len($org_types::VARCHAR[]) = 0 OR list_contains($org_types::VARCHAR[], o.org_type))
GROUP BY ALL
ORDER BY o.name;
