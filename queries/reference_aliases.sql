-- Indicator names as agencies write them, and the official name each stands for.
-- Columns: written, official.
SELECT written, official FROM indicator_aliases ORDER BY written;
