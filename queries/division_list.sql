-- Responsible divisions (rolled up) that current measures of the chosen organisations name.
-- Parameters: $orgs (VARCHAR[], empty = all).
-- Columns: name, is_shared, measures.
-- Counted from measure_counts through filtered_counts (schema/views.sql); measures naming no division
-- (the '' rows) are not a division to choose.
SELECT division AS name, is_shared, sum(measures)::BIGINT AS measures
FROM filtered_counts('division', $orgs, [], [], false, [], [], [], [], [])
WHERE division <> ''
GROUP BY ALL
ORDER BY is_shared, measures DESC, name;
