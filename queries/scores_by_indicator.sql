-- Per indicator, across organisations: how many have a score of one assessment year and how many of
-- them score below the pass line, most often below first (the organisations page).
-- Parameters: $years (INTEGER[], the assessment year; empty = every year, each counted apart), $provinces,
--             $org_types (VARCHAR[], empty = all),
--             $pass_line (DOUBLE).
-- Columns: indicator_no, tool, name, name_en, organisations, below, below_share_pct.
-- Counted on org_id before any name is joined: a national year is 83,170 scores.
WITH counted AS (
    SELECT i.assessment_year, i.indicator_no, count(*) AS organisations,
           count(*) FILTER (WHERE i.score < $pass_line) AS below
    FROM ita_indicator_scores i
    JOIN organisations o ON o.org_id = i.org_id
    WHERE (len($years::INTEGER[]) = 0 OR list_contains($years::INTEGER[], i.assessment_year::INTEGER))
      AND (len($provinces::VARCHAR[]) = 0 OR list_contains($provinces::VARCHAR[], o.province))
      AND (len($org_types::VARCHAR[]) = 0 OR list_contains($org_types::VARCHAR[], o.org_type))
    GROUP BY i.assessment_year, i.indicator_no
),
named AS (
    SELECT c.assessment_year, c.indicator_no,
           arg_min({'tool': fi.tool, 'name': fi.name_th, 'name_en': coalesce(fi.name_en, fi.name_th)},
                   (fi.fiscal_year > c.assessment_year)::INTEGER * 10000 + abs(fi.fiscal_year - c.assessment_year))
               AS found
    FROM counted c
    JOIN framework_indicators fi ON fi.indicator_no = c.indicator_no
    GROUP BY c.assessment_year, c.indicator_no
)
SELECT c.indicator_no::INTEGER AS indicator_no, n.found.tool AS tool, n.found.name AS name,
       n.found.name_en AS name_en, c.organisations, c.below,
       round(100.0 * c.below / c.organisations, 1) AS below_share_pct
FROM counted c
LEFT JOIN named n USING (assessment_year, indicator_no)
ORDER BY c.below DESC, c.indicator_no;
