-- PostgreSQL form of sqlite/V5__lanes.sql: the same tables, columns and indexes; SQLite's 64-bit INTEGER is BIGINT here, REAL is
-- DOUBLE PRECISION, BLOB is BYTEA and AUTOINCREMENT keys are identity columns. Keep the two in step (LedgerSchemaTest).
-- The lane a call was served on: standard, flex (half price, best effort) or batch (an asynchronous job, half
-- price). A flex call that fell back to standard is recorded on the lane that served it, at that lane's price.
ALTER TABLE calls ADD COLUMN lane TEXT NOT NULL DEFAULT 'standard';
