-- Every filtered measure with what a reader needs to check it against the source report.
-- Parameters: the filter set (see ita/filters.py); $limit (rows, NULL for all: exports).
-- Columns: measure_id, org_name, fiscal_year, is_sample, tool, indicator_no, indicator, item_code,
--          item_name, item_text, item_match, match_confidence, action, responsible_text, divisions,
--          period, follow_up, status, status_text, progress_pct, evidence_url, note, file_name,
--          source_line, seq, import_id, updated_at.
SELECT m.measure_id, m.org_name, m.fiscal_year, m.is_sample, m.tool, m.indicator_no, m.indicator,
       m.item_code, fi.item_name_th AS item_name, m.item_text, m.item_match, m.match_confidence,
       m.action, m.responsible_text,
       (SELECT string_agg(DISTINCT mr.division, ', ' ORDER BY mr.division)
        FROM measure_rollup mr WHERE mr.measure_id = m.measure_id) AS divisions,
       m.period, m.follow_up, m.status, m.status_text, m.progress_pct, m.evidence_url, m.note,
       i.file_name, m.source_line, m.seq, m.import_id, m.updated_at
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types) m
JOIN imports i ON i.import_id = m.import_id
LEFT JOIN framework_items fi ON fi.fiscal_year = m.fiscal_year AND fi.item_code = m.item_code
ORDER BY m.org_name, m.fiscal_year, m.seq
LIMIT $limit;
