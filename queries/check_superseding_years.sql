-- Integrity check of superseding_years (schema/007_superseding_years.sql): how many of the rows of the
-- organisations $org_ids differ from what superseding_years_now (schema/framework_views.sql) works
-- out from the measures. ita/store/check.py asks a batch of organisations at a time, so that a
-- national store is compared within a reader's memory limit.
-- Parameters: $org_ids (INTEGER[]).
-- Columns: problems.
WITH kept AS (
    SELECT * FROM superseding_years WHERE org_id IN (SELECT unnest($org_ids::INTEGER[]))
),
now AS MATERIALIZED (
    SELECT * FROM superseding_years_now(false, $org_ids)
)
SELECT count(*) AS problems
FROM ((SELECT * FROM kept EXCEPT ALL SELECT * FROM now)
      UNION ALL (SELECT * FROM now EXCEPT ALL SELECT * FROM kept));
