-- Integrity checks of a store: each row names a check and how many rows break it (0 = fine).
-- Columns: check_name, problems.
SELECT 'measures whose import does not exist' AS check_name,
       count(*) AS problems FROM measures WHERE import_id NOT IN (SELECT import_id FROM imports)
UNION ALL SELECT 'imports whose organisation does not exist',
       count(*) FROM imports WHERE org_id NOT IN (SELECT org_id FROM organisations)
UNION ALL SELECT 'division links to a missing measure',
       count(*) FROM measure_divisions WHERE measure_id NOT IN (SELECT measure_id FROM measures)
UNION ALL SELECT 'division links to a missing division',
       count(*) FROM measure_divisions WHERE division_id NOT IN (SELECT division_id FROM divisions)
UNION ALL SELECT 'divisions whose parent does not exist',
       count(*) FROM divisions WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT division_id FROM divisions)
UNION ALL SELECT 'warnings of a missing import',
       count(*) FROM import_findings WHERE import_id NOT IN (SELECT import_id FROM imports)
UNION ALL SELECT 'warnings of a missing measure',
       count(*) FROM import_findings WHERE measure_id IS NOT NULL AND measure_id NOT IN (SELECT measure_id FROM measures)
UNION ALL SELECT 'audit rows of a missing measure',
       count(*) FROM audit_log WHERE measure_id IS NOT NULL AND measure_id NOT IN (SELECT measure_id FROM measures)
UNION ALL SELECT 'imports whose row count differs from their measures',
       count(*) FROM imports i
       WHERE row_count <> (SELECT count(*) FROM measures m WHERE m.import_id = i.import_id)
UNION ALL SELECT 'organisation-years with more than one active report',
       count(*) FROM (SELECT org_id, fiscal_year FROM imports WHERE state = 'active'
                      GROUP BY ALL HAVING count(*) > 1)
UNION ALL SELECT 'imports in an unknown state',
       count(*) FROM imports WHERE state NOT IN ('active', 'superseded', 'removed')
UNION ALL SELECT 'measures with an unknown status',
       count(*) FROM measures WHERE status NOT IN ('done', 'in_progress', 'not_started', 'unknown')
UNION ALL SELECT 'measures whose divisions are missing from measure_rollup',
       count(*) FROM (SELECT DISTINCT measure_id FROM measure_divisions
                      EXCEPT SELECT DISTINCT measure_id FROM measure_rollup)
UNION ALL SELECT 'measures without their division keys',
       count(*) FROM measures WHERE division_keys IS NULL OR shared IS NULL
UNION ALL SELECT 'summary counts that differ from the measures (measure_counts)',
       count(*) FROM ((SELECT * FROM measure_counts EXCEPT ALL SELECT * FROM measure_counts_now(true, []))
                      UNION ALL (SELECT * FROM measure_counts_now(true, []) EXCEPT ALL SELECT * FROM measure_counts))
UNION ALL SELECT 'duplicate measure keys',
       count(*) - count(DISTINCT measure_id) FROM measures;
