-- The stored measures of one fiscal year (every import, in report order) with what re-matching
-- them to a new framework needs: the indicator and item as written, and their current match.
-- Parameters: $fiscal_year.
-- Columns: measure_id, import_id, seq, source_line, file_name, source_kind, org_name, indicator_as_written,
--          item_text, action, responsible_text, status_text, indicator, indicator_no, tool, item_code,
--          item_match, match_confidence.
SELECT m.measure_id, m.import_id, m.seq, m.source_line, i.file_name, i.source_kind, o.name AS org_name,
       m.indicator_as_written, m.item_text, m.action, m.responsible_text, m.status_text, m.indicator,
       m.indicator_no, m.tool, m.item_code, m.item_match, m.match_confidence
FROM measures m
JOIN imports i ON i.import_id = m.import_id
JOIN organisations o ON o.org_id = m.org_id
WHERE m.fiscal_year = $fiscal_year
ORDER BY m.import_id, m.seq;
