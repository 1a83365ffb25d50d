-- Organisations with a current report, for the organisation filter (read from the imports, which
-- are few, rather than from the measures, which at national scale are over a million).
-- Parameters: $provinces, $org_types (VARCHAR[], empty = all).
-- Columns: name, org_type, province, district, years, measures.
SELECT o.name, o.org_type, o.province, o.district,
       count(DISTINCT i.fiscal_year) AS years, sum(i.row_count) AS measures
FROM imports i
JOIN organisations o ON o.org_id = i.org_id
WHERE i.state = 'active'
  AND (len($provinces::VARCHAR[]) = 0 OR list_contains($provinces::VARCHAR[], o.province))
  AND (len($org_types::VARCHAR[]) = 0 OR list_contains($org_types::VARCHAR[], o.org_type))
GROUP BY ALL
ORDER BY o.name;
