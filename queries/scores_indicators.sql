-- Each indicator's ITA score per organisation and assessment year, with the indicator's tool and
-- names from that year's framework, else the nearest earlier one, else the nearest later one (2563's
-- scores take the names of 2564, the first framework kept).
-- Parameters: $orgs (VARCHAR[]), $years (INTEGER[], assessment years); empty = all.
-- Columns: org_name, assessment_year, indicator_no, score, tool, name, name_en.
SELECT o.name AS org_name, i.assessment_year::INTEGER AS assessment_year, i.indicator_no::INTEGER AS indicator_no,
       i.score, f.tool, f.name_th AS name, coalesce(f.name_en, f.name_th) AS name_en
FROM ita_indicator_scores i
JOIN organisations o ON o.org_id = i.org_id
LEFT JOIN LATERAL (
    SELECT fi.tool, fi.name_th, fi.name_en
    FROM framework_indicators fi
    WHERE fi.indicator_no = i.indicator_no
    ORDER BY fi.fiscal_year > i.assessment_year, abs(fi.fiscal_year - i.assessment_year)
    LIMIT 1
) f ON true
WHERE (len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], o.name))
  AND (len($years::INTEGER[]) = 0 OR list_contains($years::INTEGER[], i.assessment_year::INTEGER))
ORDER BY o.name, i.assessment_year, i.indicator_no;
