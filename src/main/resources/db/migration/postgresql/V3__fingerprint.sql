-- PostgreSQL form of sqlite/V3__fingerprint.sql: the same tables, columns and indexes; SQLite's 64-bit INTEGER is BIGINT here, REAL is
-- DOUBLE PRECISION, BLOB is BYTEA and AUTOINCREMENT keys are identity columns. Keep the two in step (LedgerSchemaTest).
-- The screen's near-duplicate fingerprint of each measured draft (dev.winnow.screen.Fingerprint#toBytes: 1,241 bytes,
-- the first the format version), so later batches can confirm a copy of a kept image without its pixels. It replaces
-- V2's colour layout, which the fingerprint contains at a finer grid. NULL for rows from before it.
ALTER TABLE candidates ADD COLUMN fingerprint BYTEA;
ALTER TABLE candidates DROP COLUMN colour_layout;
