-- Each indicator's ITA score per organisation and assessment year, with the indicator's tool and
-- names from that year's framework, else the nearest earlier one, else the nearest later one (2563's
-- scores take the names of 2564, the first framework kept).
-- Parameters: $orgs (VARCHAR[]), $years (INTEGER[], assessment years); empty = all.
-- Columns: org_name, assessment_year, indicator_no, score, tool, name, name_en.
-- The names are looked up once per (year, indicator), not per score: a national year is 83,170 scores.
WITH scored AS (
    SELECT o.name AS org_name, i.assessment_year::INTEGER AS assessment_year, i.indicator_no::INTEGER AS indicator_no,
           i.score
    FROM ita_indicator_scores i
    JOIN organisations o ON o.org_id = i.org_id
    WHERE (len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], o.name))
      AND (len($years::INTEGER[]) = 0 OR list_contains($years::INTEGER[], i.assessment_year::INTEGER))
),
named AS (
    SELECT k.assessment_year, k.indicator_no,
           arg_min({'tool': fi.tool, 'name': fi.name_th, 'name_en': coalesce(fi.name_en, fi.name_th)},
                   (fi.fiscal_year > k.assessment_year)::INTEGER * 10000 + abs(fi.fiscal_year - k.assessment_year))
               AS found
    FROM (SELECT DISTINCT assessment_year, indicator_no FROM scored) k
    JOIN framework_indicators fi ON fi.indicator_no = k.indicator_no
    GROUP BY k.assessment_year, k.indicator_no
)
SELECT s.org_name, s.assessment_year, s.indicator_no, s.score, n.found.tool AS tool, n.found.name AS name,
       n.found.name_en AS name_en
FROM scored s
LEFT JOIN named n USING (assessment_year, indicator_no)
ORDER BY s.org_name, s.assessment_year, s.indicator_no;
