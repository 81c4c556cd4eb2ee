-- The screen's near-duplicate fingerprint of each measured draft (dev.winnow.screen.Fingerprint#toBytes: 1,241 bytes,
-- the first the format version), so later batches can confirm a copy of a kept image without its pixels. It replaces
-- V2's colour layout, which the fingerprint contains at a finer grid. NULL for rows from before it.
ALTER TABLE candidates ADD COLUMN fingerprint BLOB;
ALTER TABLE candidates DROP COLUMN colour_layout;
