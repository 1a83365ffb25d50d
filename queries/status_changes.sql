-- Measures whose status changed, that appeared, or that disappeared between two fiscal years of
-- the same organisation. A measure is the same across years when its organisation, indicator and
-- item match, counting repeats in order. The item is the OIT item's name (OIT codes move between
-- years, names stay), the IIT/EIT item code, or the item text when there is no code.
-- Parameters: the filter set (see ita/filters.py; its years are ignored), $year_from, $year_to.
-- Columns: org_name, indicator, item_code, item_text, action, responsible_text, change,
--          status_from, status_to, measure_id_from, measure_id_to.
WITH picked AS (
    SELECT m.*,
           coalesce(CASE WHEN m.tool = 'OIT' THEN fi.item_name_th END, m.item_code,
                    regexp_replace(m.item_text, '\s+', '', 'g')) AS item_key
    FROM filtered_measures($orgs, [], $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types) m
    LEFT JOIN framework_items fi ON fi.fiscal_year = m.fiscal_year AND fi.item_code = m.item_code
    WHERE m.fiscal_year IN ($year_from, $year_to)
),
keyed AS (
    SELECT *, row_number() OVER (PARTITION BY org_name, fiscal_year, indicator, item_key ORDER BY seq) AS nth
    FROM picked
),
before AS (SELECT * FROM keyed WHERE fiscal_year = $year_from),
after AS (SELECT * FROM keyed WHERE fiscal_year = $year_to)
SELECT coalesce(a.org_name, b.org_name) AS org_name,
       coalesce(a.indicator, b.indicator) AS indicator,
       coalesce(a.item_code, b.item_code) AS item_code,
       coalesce(a.item_text, b.item_text) AS item_text,
       coalesce(a.action, b.action) AS action,
       coalesce(a.responsible_text, b.responsible_text) AS responsible_text,
       CASE WHEN b.measure_id IS NULL THEN 'appeared'
            WHEN a.measure_id IS NULL THEN 'disappeared'
            ELSE 'status_changed' END AS change,
       b.status AS status_from,
       a.status AS status_to,
       b.measure_id AS measure_id_from,
       a.measure_id AS measure_id_to
FROM before b
FULL OUTER JOIN after a
  ON a.org_name = b.org_name AND a.indicator = b.indicator AND a.item_key = b.item_key AND a.nth = b.nth
WHERE b.measure_id IS NULL OR a.measure_id IS NULL OR a.status <> b.status
ORDER BY change, indicator, item_code, item_text;
