-- Record several organisations' province and district at once (see write/set_org_place), from the
-- registered frame "incoming": org_id, province, district.
UPDATE organisations SET province = incoming.province, district = incoming.district
FROM incoming WHERE organisations.org_id = incoming.org_id;
