-- The stored scores of some organisations, for the writer to compare a change with (old values of
-- the audit rows), one row per organisation-year, indicators as a map.
-- Parameters: $org_ids (INTEGER[]).
-- Columns: org_id, assessment_year, total, iit, eit, oit, indicators (MAP(SMALLINT, DOUBLE), may be NULL).
SELECT s.org_id, s.assessment_year::INTEGER AS assessment_year, s.total, s.iit, s.eit, s.oit,
       (SELECT map(list(i.indicator_no ORDER BY i.indicator_no), list(i.score ORDER BY i.indicator_no))
        FROM ita_indicator_scores i
        WHERE i.org_id = s.org_id AND i.assessment_year = s.assessment_year) AS indicators
FROM ita_scores s
WHERE list_contains($org_ids::INTEGER[], s.org_id);
