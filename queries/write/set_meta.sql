-- Set one store_meta value (schema_version, generation).
-- Parameters: $key, $value (text).
INSERT OR REPLACE INTO store_meta (key, value) VALUES ($key, $value);
