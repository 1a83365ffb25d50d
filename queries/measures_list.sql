-- Every filtered measure with what a reader needs to check it against the source report.
-- Parameters: the filter set (see ita/analytics/filters.py); $limit (rows, NULL for all: exports).
-- Columns: measure_id, org_name, fiscal_year, is_sample, tool, indicator_no, indicator, indicator_en (the
--          framework's English name, the name as stored when the framework has none), item_code,
--          item_name, item_text, item_match, match_confidence, action, responsible_text, divisions,
--          period, follow_up, status, status_text, progress_pct, evidence_url, note, file_name,
--          source_line, seq, import_id, updated_at.
-- The rows are chosen first on narrow columns, and their texts and divisions looked up after, so a
-- screenful of a national store never gathers the texts or divisions of every measure.
WITH chosen AS (
    SELECT m.measure_id, m.org_name, m.fiscal_year, m.seq
    FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces,
                           $org_types) m
    ORDER BY m.org_name, m.fiscal_year, m.seq
    LIMIT $limit
),
page AS (
    SELECT m.*, c.org_name, i.is_sample
    FROM chosen c
    JOIN measures m USING (measure_id)
    JOIN imports i ON i.import_id = m.import_id
),
named AS (
    SELECT mr.measure_id, string_agg(DISTINCT mr.division, ', ' ORDER BY mr.division) AS divisions
    FROM measure_rollup mr
    WHERE mr.measure_id IN (SELECT measure_id FROM page)
    GROUP BY mr.measure_id
)
SELECT p.measure_id, p.org_name, p.fiscal_year, p.is_sample, p.tool, p.indicator_no, p.indicator,
       coalesce(fin.name_en, p.indicator) AS indicator_en, p.item_code, fi.item_name_th AS item_name, p.item_text, p.item_match, p.match_confidence,
       p.action, p.responsible_text, n.divisions,
       p.period, p.follow_up, p.status, p.status_text, p.progress_pct, p.evidence_url, p.note,
       i.file_name, p.source_line, p.seq, p.import_id, p.updated_at
FROM page p
JOIN imports i ON i.import_id = p.import_id
LEFT JOIN framework_items fi ON fi.fiscal_year = p.fiscal_year AND fi.item_code = p.item_code
LEFT JOIN named n ON n.measure_id = p.measure_id
-- Indicator names are the same in every year that names them: the English name of the name as stored.
LEFT JOIN (SELECT name_th, any_value(name_en) AS name_en FROM framework_indicators GROUP BY name_th) fin
       ON fin.name_th = p.indicator
ORDER BY p.org_name, p.fiscal_year, p.seq;
