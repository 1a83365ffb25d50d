-- Record what the write publishing generation $generation changed, and forget generations older
-- than $keep_from (readers then take them as "everything changed" at the oldest generation kept).
-- Parameters: $generation, $write_id, $org_ids (INTEGER[], NULL: every organisation), $years
--             (INTEGER[], NULL: every year of the organisation at the same position), $keep_from.
INSERT INTO store_changes
SELECT $generation, $write_id, unnest($org_ids::INTEGER[]), unnest($years::INTEGER[])::SMALLINT;
DELETE FROM store_changes WHERE generation < $keep_from;
