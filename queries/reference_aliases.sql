-- Indicator names as agencies write them, and the official name each stands for.
-- Columns: written, official.
-- In the order the reference CSV lists them (the order they were inserted in), so the framework read
-- from the store walks its aliases as the CSV did (the sample generator draws spellings in that order).
SELECT written, official FROM indicator_aliases ORDER BY rowid;
