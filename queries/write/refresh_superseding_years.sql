-- Work out again what a write changed in superseding_years (schema/007_superseding_years.sql), from
-- superseding_years_now (schema/framework_views.sql): the rows of the organisations $org_ids, or
-- every row when $every_org. Run by write_session before it publishes (session.refresh_superseding).
-- A full refresh writes the rows in the order the open-items view reads them (latest year, then
-- year), so that DuckDB can skip the row groups of other years as it reads.
-- Parameters: $every_org (BOOLEAN), $org_ids (INTEGER[]).
DELETE FROM superseding_years
WHERE $every_org OR org_id IN (SELECT unnest($org_ids::INTEGER[]));

INSERT INTO superseding_years
SELECT * FROM superseding_years_now($every_org, $org_ids)
ORDER BY y_to, fiscal_year, measure_id;
