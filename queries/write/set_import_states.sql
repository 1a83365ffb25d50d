-- Change the state of several imports at once (see write/set_import_state), from the registered
-- frame "incoming": import_id, state (active, superseded or removed), replaced_by (NULL unless superseded).
UPDATE imports SET state = incoming.state, replaced_by = incoming.replaced_by
FROM incoming WHERE imports.import_id = incoming.import_id;
