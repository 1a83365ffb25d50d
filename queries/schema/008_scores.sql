-- Schema version 8: ITA scores, per organisation and assessment year (ita/store/scores.py writes them,
-- every change audited; ita/read/scores.py reads a scores file). The rating is not stored: it is worked
-- out from data/reference/ita_rating_rules.csv whenever it is shown, so a corrected rule corrects every
-- rating. Scores are 0–100 with two decimals, as NACC announces them.
--   ita_scores: the total and each instrument's score (NULL: not known).
--   ita_indicator_scores: each indicator's score (a row per indicator known).
CREATE TABLE IF NOT EXISTS ita_scores (
    org_id          INTEGER NOT NULL,
    assessment_year SMALLINT NOT NULL,
    total           DOUBLE NOT NULL,
    iit             DOUBLE,
    eit             DOUBLE,
    oit             DOUBLE,
    changed_at      TIMESTAMP NOT NULL,
    changed_by      VARCHAR NOT NULL,
    PRIMARY KEY (org_id, assessment_year)
);
CREATE TABLE IF NOT EXISTS ita_indicator_scores (
    org_id          INTEGER NOT NULL,
    assessment_year SMALLINT NOT NULL,
    indicator_no    SMALLINT NOT NULL,
    score           DOUBLE NOT NULL,
    PRIMARY KEY (org_id, assessment_year, indicator_no)
);
