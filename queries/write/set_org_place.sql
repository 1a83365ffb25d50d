-- Record an organisation's province and district, learnt from a later report's title.
-- Parameters: $org_id, $province, $district.
UPDATE organisations SET province = $province, district = $district WHERE org_id = $org_id;
