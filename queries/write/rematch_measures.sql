-- Write the new framework match of measures from the registered frame "rematched"
-- (measure_id, indicator, indicator_no, tool, item_code, item_match, match_confidence).
UPDATE measures SET indicator = r.indicator,
                    indicator_no = r.indicator_no,
                    tool = r.tool,
                    item_code = r.item_code,
                    item_match = r.item_match,
                    match_confidence = r.match_confidence
FROM rematched r
WHERE measures.measure_id = r.measure_id;
