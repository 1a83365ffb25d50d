-- The count_place keys (schema/views.sql) of organisation-years: the fiscal year with the
-- organisation's province and type as stored now; a year of NULL stands for every year the
-- organisation has reports of.
-- Parameters: $org_ids, $years (INTEGER[] of equal length: organisation $org_ids[i] in year $years[i]).
-- Columns: org_id, fiscal_year, place.
WITH asked AS (SELECT unnest($org_ids::INTEGER[]) AS org_id, unnest($years::INTEGER[]) AS fiscal_year),
org_years AS (
    SELECT org_id, fiscal_year FROM asked WHERE fiscal_year IS NOT NULL
    UNION
    SELECT i.org_id, i.fiscal_year::INTEGER
    FROM imports i
    SEMI JOIN (SELECT org_id FROM asked WHERE fiscal_year IS NULL) a ON a.org_id = i.org_id
)
SELECT y.org_id, y.fiscal_year, count_place(y.fiscal_year, o.province, o.org_type) AS place
FROM org_years y
JOIN organisations o USING (org_id)
ORDER BY y.org_id, y.fiscal_year;
