-- Organisations known to the store, for the writer to reuse their keys.
-- Columns: org_id, name, province.
SELECT org_id, name, province FROM organisations;
