-- Forget a measure's division links before they are written anew from its corrected responsible text.
-- Parameters: $measure_id.
DELETE FROM measure_divisions WHERE measure_id = $measure_id;
