-- Schema version 3: the dates of each measure's period (ระยะเวลาดำเนินการ), for deadlines.
--   measures.period_start, measures.period_end: what ita/read/periods.py reads from the period
--     text (which stays as written in measures.period); NULL when the text names no dates or
--     cannot be read. A measure not done whose period_end is before the as-of date is overdue.
-- SQL cannot read Thai period wordings, so rows of an older store start NULL here and are
-- filled right after by the Python step of this migration (ita/store/session.py, BACKFILLS).
ALTER TABLE measures ADD COLUMN period_start DATE;
ALTER TABLE measures ADD COLUMN period_end DATE;
