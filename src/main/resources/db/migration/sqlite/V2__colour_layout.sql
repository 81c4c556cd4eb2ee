-- The screen's colour layout of each measured draft (48 bytes: mean red, green, blue of a 4x4 grid), so later
-- batches match copies of kept images on colour as well as on the perceptual hash. NULL for rows from before it.
ALTER TABLE candidates ADD COLUMN colour_layout BLOB;
