-- PostgreSQL form of sqlite/V2__colour_layout.sql: the same tables, columns and indexes; SQLite's 64-bit INTEGER is BIGINT here, REAL is
-- DOUBLE PRECISION, BLOB is BYTEA and AUTOINCREMENT keys are identity columns. Keep the two in step (LedgerSchemaTest).
-- The screen's colour layout of each measured draft (48 bytes: mean red, green, blue of a 4x4 grid), so later
-- batches match copies of kept images on colour as well as on the perceptual hash. NULL for rows from before it.
ALTER TABLE candidates ADD COLUMN colour_layout BYTEA;
