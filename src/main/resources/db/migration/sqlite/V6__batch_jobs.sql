-- Batch API jobs (the half-price lane): one row per wave of requests sent as one job. The intent is written before
-- the job is created (creation is not idempotent: a job created just before a kill is found again by its display
-- name), the provider's name as soon as it is returned. Candidates in an open job are leased to the job, not to a
-- process, as are their budget reservations, so a process that dies while the job runs loses nothing: whoever
-- holds the job's lease next polls the same job.
CREATE TABLE batch_jobs (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id       TEXT NOT NULL REFERENCES batches(id),
  tier           TEXT NOT NULL,
  model          TEXT NOT NULL,
  display_name   TEXT NOT NULL UNIQUE,
  name           TEXT,
  state          TEXT NOT NULL,
  requests       INTEGER NOT NULL,
  created_ms     INTEGER NOT NULL,
  next_poll_ms   INTEGER NOT NULL,
  polls          INTEGER NOT NULL DEFAULT 0,
  finished_ms    INTEGER,
  lease_owner    TEXT,
  lease_until    INTEGER,
  note           TEXT
);
CREATE INDEX batch_jobs_by_batch ON batch_jobs (batch_id, state);
ALTER TABLE candidates ADD COLUMN batch_job_id INTEGER REFERENCES batch_jobs(id);
