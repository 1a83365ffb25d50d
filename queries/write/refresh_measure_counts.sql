-- Count again what a write changed in measure_counts (schema/006_measure_counts.sql), from
-- measure_counts_now (schema/views.sql): the places $places (count_place keys: fiscal year, province,
-- organisation type), or everything when $every_year. Run by write_session before it publishes
-- (session.refresh_counts).
-- Parameters: $every_year (BOOLEAN), $places (VARCHAR[]).
DELETE FROM measure_counts
WHERE $every_year OR list_contains($places::VARCHAR[], count_place(fiscal_year, province, org_type));

INSERT INTO measure_counts
SELECT * FROM measure_counts_now($every_year, $places);
