-- ITA scores per organisation and assessment year (the rating is worked out from the rules in Python,
-- ita/analytics/ratings.py), newest first.
-- Parameters: $orgs (VARCHAR[]), $years (INTEGER[], assessment years); empty = all.
-- Columns: org_name, province, org_type, assessment_year, total, iit, eit, oit, changed_at, changed_by.
SELECT o.name AS org_name, o.province, o.org_type, s.assessment_year::INTEGER AS assessment_year,
       s.total, s.iit, s.eit, s.oit, s.changed_at, s.changed_by
FROM ita_scores s
JOIN organisations o ON o.org_id = s.org_id
WHERE (len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], o.name))
  AND (len($years::INTEGER[]) = 0 OR list_contains($years::INTEGER[], s.assessment_year::INTEGER))
ORDER BY o.name, s.assessment_year DESC;
