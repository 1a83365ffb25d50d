-- Every measure of an organisation in either of two fiscal years, paired across them: its status
-- changed, it stayed as it was, it appeared, it disappeared, or its ITA item was renumbered. A
-- measure is the same across years by the one rule of measure_item_key (schema/framework_views.sql):
-- its item, else its indicator and item text, counting repeats in order. The earlier year's item code
-- is first put in the later year's numbering (code_in_year) through the crosswalk (crosswalk_paths):
-- o43 of 2567 is o26 of 2569. A code of a tool both years' frameworks list but the crosswalk does not
-- link is the earlier year's own (not the same measure as a different item that happens to carry its
-- number later); where either year lists no items of the tool, codes are compared as written, and a
-- code the earlier year's framework gave (an OIT row found by its topic) is no key when the later
-- year's framework lists none of the tool (the year under way): the indicator and text are.
-- Parameters: the filter set (see ita/analytics/filters.py; its years are ignored), $year_from, $year_to.
-- Columns: org_name, indicator, item_code, item_text, action, responsible_text, change (status_changed,
--          unchanged, appeared, disappeared, renumbered), matched_by (how the two years' rows were paired:
--          item, the same code; crosswalk, a code renumbered through the crosswalk; text, the indicator
--          and item text; NULL when only one year has the measure), status_from, status_to,
--          measure_id_from, measure_id_to, item_code_from, item_code_to.
WITH picked AS (
    SELECT m.*
    FROM filtered_measures($orgs, [], $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types) m
    WHERE m.fiscal_year IN ($year_from, $year_to)
),
successor AS (
    -- An item split in two follows its first counterpart.
    SELECT from_code, min(to_code) AS to_code
    FROM crosswalk_paths(least($year_from, $year_to), greatest($year_from, $year_to))
    GROUP BY from_code
),
-- The tools each year's framework lists.
listed AS (
    SELECT tool, bool_or(fiscal_year = least($year_from, $year_to)) AS in_earlier,
           bool_or(fiscal_year = greatest($year_from, $year_to)) AS in_later
    FROM framework_items
    WHERE fiscal_year IN ($year_from, $year_to)
    GROUP BY tool
),
keyed AS (
    SELECT p.*,
           measure_item_key(
               p.indicator,
               code_in_year(p.fiscal_year, greatest($year_from, $year_to), p.item_code, s.to_code,
                            coalesce(l.in_earlier AND l.in_later, false), code_from_framework(p.item_match),
                            coalesce(l.in_later, false)),
               p.item_text) AS item_key
    FROM picked p
    LEFT JOIN successor s ON s.from_code = p.item_code
    LEFT JOIN listed l ON l.tool = p.tool
),
numbered AS (
    SELECT *, row_number() OVER (PARTITION BY org_id, fiscal_year, item_key ORDER BY seq) AS nth
    FROM keyed
),
before AS (SELECT * FROM numbered WHERE fiscal_year = $year_from),
after AS (SELECT * FROM numbered WHERE fiscal_year = $year_to)
SELECT coalesce(a.org_name, b.org_name) AS org_name,
       coalesce(a.indicator, b.indicator) AS indicator,
       coalesce(a.item_code, b.item_code) AS item_code,
       coalesce(a.item_text, b.item_text) AS item_text,
       coalesce(a.action, b.action) AS action,
       coalesce(a.responsible_text, b.responsible_text) AS responsible_text,
       CASE WHEN b.measure_id IS NULL THEN 'appeared'
            WHEN a.measure_id IS NULL THEN 'disappeared'
            -- A pair found by its text has no code to compare (the later year's framework gave none).
            WHEN NOT starts_with(a.item_key, 'text:') AND a.item_code IS DISTINCT FROM b.item_code
                THEN 'renumbered'
            WHEN a.status <> b.status THEN 'status_changed'
            ELSE 'unchanged' END AS change,
       CASE WHEN a.measure_id IS NULL OR b.measure_id IS NULL THEN NULL
            WHEN starts_with(a.item_key, 'text:') THEN 'text'
            WHEN a.item_code IS DISTINCT FROM b.item_code THEN 'crosswalk'
            ELSE 'item' END AS matched_by,
       b.status AS status_from,
       a.status AS status_to,
       b.measure_id AS measure_id_from,
       a.measure_id AS measure_id_to,
       b.item_code AS item_code_from,
       a.item_code AS item_code_to
FROM before b
FULL OUTER JOIN after a
  ON a.org_id = b.org_id AND a.item_key = b.item_key AND a.nth = b.nth
ORDER BY change, indicator, item_code, item_text;
