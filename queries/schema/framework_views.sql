-- Macros over the framework and its crosswalk; re-created with views.sql whenever either changes
-- (ita/store/session.py), so changing them needs no migration.

-- THE rule for "the same measure", used by status_changes.sql (across fiscal years) and by
-- ita/analytics/preview.py through measure_item_keys.sql (two versions of one report): a measure
-- is known by its ITA item code when it has one, else by its indicator and its item text without
-- spaces. Across years the earlier year's code is first put in the later year's numbering through
-- the crosswalk (see status_changes.sql). Repeats of a key are told apart by their order (nth).
CREATE OR REPLACE MACRO measure_item_key(indicator, item_code, item_text) AS
    CASE WHEN coalesce(item_code, '') <> '' THEN 'item:' || item_code
         ELSE 'text:' || coalesce(indicator, '') || '|' || regexp_replace(coalesce(item_text, ''), '\s+', '', 'g')
    END;

-- Each item of fiscal year y_from with its counterparts in y_to (y_from < y_to): the links of
-- item_crosswalk followed year to year (a curated link may skip a year whose counterpart is not
-- known). relation: split or merged when any step splits or merges, else same (same code) or
-- renumbered. score: the weakest derived step (NULL when every step is curated).
CREATE OR REPLACE MACRO crosswalk_paths(y_from, y_to) AS TABLE
WITH RECURSIVE paths(from_code, at_year, at_code, relations, score, sources, notes) AS (
    SELECT x.from_code, x.to_year, x.to_code, [x.relation], x.score, [x.source], [coalesce(x.note, '')]
    FROM item_crosswalk x
    WHERE x.from_year = y_from AND x.to_year <= y_to
    UNION ALL
    SELECT p.from_code, x.to_year, x.to_code, list_append(p.relations, x.relation), least(p.score, x.score),
           list_append(p.sources, x.source), list_append(p.notes, coalesce(x.note, ''))
    FROM paths p
    JOIN item_crosswalk x ON x.from_year = p.at_year AND x.from_code = p.at_code
    WHERE x.to_year <= y_to
)
SELECT from_code,
       at_code AS to_code,
       CASE WHEN bool_or(list_contains(relations, 'split')) THEN 'split'
            WHEN bool_or(list_contains(relations, 'merged')) THEN 'merged'
            WHEN from_code = at_code THEN 'same'
            ELSE 'renumbered' END AS relation,
       max(score) AS score,
       CASE WHEN bool_or(list_contains(sources, 'curated')) THEN 'curated' ELSE 'derived' END AS source,
       string_agg(DISTINCT nullif(array_to_string(list_filter(notes, lambda n: n <> ''), ' / '), ''), ' / ') AS note
FROM paths
WHERE at_year = y_to
GROUP BY from_code, at_code;
