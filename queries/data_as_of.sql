-- When the filtered data was last imported or edited, and whether any of it is sample data.
-- Parameters: the filter set (see ita/analytics/filters.py).
-- Columns: imported_at, edited_at, has_sample, sample_years (INTEGER[]).
-- Read from measure_counts through filtered_counts (schema/views.sql).
SELECT max(imported_at) AS imported_at,
       max(edited_at) AS edited_at,
       coalesce(bool_or(is_sample), false) AS has_sample,
       list_sort(list_distinct(list(fiscal_year::INTEGER) FILTER (WHERE is_sample))) AS sample_years
FROM filtered_counts('measure', $orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses,
                     $provinces, $org_types);
