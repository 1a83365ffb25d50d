-- Remove the scores of the organisation-years a scores write replaces (ita/store/scores.py), before
-- their new rows go in: the total row and every indicator row.
-- Parameters: $org_ids (INTEGER[]), $years (INTEGER[]): pairs, position by position.
DELETE FROM ita_indicator_scores
WHERE (org_id, assessment_year) IN (SELECT (unnest($org_ids::INTEGER[]), unnest($years::INTEGER[])));
DELETE FROM ita_scores
WHERE (org_id, assessment_year) IN (SELECT (unnest($org_ids::INTEGER[]), unnest($years::INTEGER[])));
