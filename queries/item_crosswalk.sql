-- Each ITA item of $year_from with its counterparts in $year_to, through the crosswalk followed
-- year by year (crosswalk_paths in schema/framework_views.sql); items with none say 'none'.
-- Parameters: $year_from, $year_to (later than $year_from).
-- Columns: tool, from_code, from_name, to_code, to_name, relation, score, source, note.
SELECT f.tool, f.item_code AS from_code, f.item_name_th AS from_name, p.to_code, t.item_name_th AS to_name,
       coalesce(p.relation, 'none') AS relation, p.score, p.source, p.note
FROM framework_items f
LEFT JOIN crosswalk_paths($year_from, $year_to) p ON p.from_code = f.item_code
LEFT JOIN framework_items t ON t.fiscal_year = $year_to AND t.item_code = p.to_code
WHERE f.fiscal_year = $year_from
ORDER BY CASE f.tool WHEN 'IIT' THEN 1 WHEN 'EIT' THEN 2 ELSE 3 END,
         try_cast(substr(f.item_code, 2) AS INTEGER), p.to_code;
