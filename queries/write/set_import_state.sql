-- Change an import's state: active, superseded (by $replaced_by) or removed.
-- Parameters: $import_id, $state, $replaced_by (NULL unless superseded).
UPDATE imports SET state = $state, replaced_by = $replaced_by WHERE import_id = $import_id;
