-- When the filtered data was last imported or edited, and whether any of it is sample data.
-- Parameters: the filter set (see ita/filters.py).
-- Columns: imported_at, edited_at, has_sample, sample_years (INTEGER[]).
SELECT max(i.imported_at) AS imported_at,
       max(m.updated_at) AS edited_at,
       coalesce(bool_or(i.is_sample), false) AS has_sample,
       list_sort(list_distinct(list(m.fiscal_year::INTEGER) FILTER (WHERE i.is_sample))) AS sample_years
FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types) m
JOIN imports i ON i.import_id = m.import_id;
