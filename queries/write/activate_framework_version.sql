-- Put one version of a year's framework in force: the year's other active version becomes
-- superseded, and framework_indicators / framework_items (what every question reads) are
-- rewritten for that year from the version's rows.
-- Parameters: $version_id, $fiscal_year.
UPDATE framework_versions SET state = 'superseded'
WHERE fiscal_year = $fiscal_year AND state = 'active' AND version_id <> $version_id;

UPDATE framework_versions SET state = 'active' WHERE version_id = $version_id;

DELETE FROM framework_indicators WHERE fiscal_year = $fiscal_year;

DELETE FROM framework_items WHERE fiscal_year = $fiscal_year;

-- One name per indicator number: the first row that names it.
INSERT INTO framework_indicators
SELECT fiscal_year_be, indicator_no, any_value(tool ORDER BY line), any_value(indicator_th ORDER BY line),
       any_value(coalesce(indicator_en, indicator_th) ORDER BY line)
FROM framework_version_rows
WHERE version_id = $version_id AND indicator_no IS NOT NULL AND coalesce(indicator_th, '') <> ''
GROUP BY fiscal_year_be, indicator_no;

INSERT INTO framework_items
SELECT fiscal_year_be, item_code, tool, indicator_no, sub_indicator_th, topic_th, item_name_th, confidence, note
FROM framework_version_rows
WHERE version_id = $version_id AND coalesce(item_code, '') <> '';
