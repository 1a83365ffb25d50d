-- Each fiscal year that has a framework: the version in force and what it holds.
-- Parameters: none.
-- Columns: fiscal_year, version_id, source, created_at, created_by, indicators, items_iit, items_eit,
--          items_oit, versions.
SELECT v.fiscal_year::INTEGER AS fiscal_year, v.version_id, v.source, v.created_at, v.created_by,
       (SELECT count(*) FROM framework_indicators i WHERE i.fiscal_year = v.fiscal_year) AS indicators,
       (SELECT count(*) FROM framework_items i WHERE i.fiscal_year = v.fiscal_year AND i.tool = 'IIT') AS items_iit,
       (SELECT count(*) FROM framework_items i WHERE i.fiscal_year = v.fiscal_year AND i.tool = 'EIT') AS items_eit,
       (SELECT count(*) FROM framework_items i WHERE i.fiscal_year = v.fiscal_year AND i.tool = 'OIT') AS items_oit,
       (SELECT count(*) FROM framework_versions w WHERE w.fiscal_year = v.fiscal_year) AS versions
FROM framework_versions v
WHERE v.state = 'active'
ORDER BY v.fiscal_year;
