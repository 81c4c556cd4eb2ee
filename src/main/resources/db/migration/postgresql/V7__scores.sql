-- A judge's score of a draft (0..1) under --select best: the finals are the best-scored of each prompt's wave.
ALTER TABLE candidates ADD COLUMN score DOUBLE PRECISION;
