-- The batch's work lives here, so any number of processes can share it and a dead one's work is taken back:
-- leases on claimed candidates, budget reservations as rows, each model's per-minute quota as one token bucket that
-- every process draws from, the processes themselves, and which process decides for a batch (screen, review gate,
-- planning: decisions in draft order need one decider at a time). Times in epoch milliseconds.
ALTER TABLE candidates ADD COLUMN lease_owner TEXT;
ALTER TABLE candidates ADD COLUMN lease_until INTEGER;
CREATE INDEX candidates_by_prompt ON candidates (batch_id, prompt_index, state, ordinal);

ALTER TABLE batches ADD COLUMN budget_micros INTEGER;
ALTER TABLE batches ADD COLUMN spent_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN decider TEXT;
ALTER TABLE batches ADD COLUMN decider_until INTEGER;
UPDATE batches SET spent_micros = (SELECT COALESCE(SUM(cost_micros), 0) FROM calls WHERE calls.batch_id = batches.id);

-- One row per paid call in flight: its list price is held against the budget cap until the call's record settles it.
CREATE TABLE reservations (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id      TEXT NOT NULL REFERENCES batches(id),
  candidate_id  INTEGER REFERENCES candidates(id),
  purpose       TEXT NOT NULL,
  tier          TEXT NOT NULL,
  model         TEXT NOT NULL,
  size          TEXT NOT NULL,
  micros        INTEGER NOT NULL,
  owner         TEXT NOT NULL,
  until_ms      INTEGER NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX reservations_by_batch ON reservations (batch_id);

CREATE TABLE quotas (
  model       TEXT PRIMARY KEY,
  rpm         INTEGER NOT NULL,
  tokens      REAL NOT NULL,
  updated_ms  INTEGER NOT NULL
);

CREATE TABLE workers (
  id          TEXT PRIMARY KEY,
  host        TEXT NOT NULL,
  pid         INTEGER NOT NULL,
  started_ms  INTEGER NOT NULL,
  seen_ms     INTEGER NOT NULL,
  stopped     INTEGER NOT NULL DEFAULT 0
);

-- Candidates offered to a reviewer get their own state (IN_REVIEW); AWAITING_REVIEW now means queued or spare.
