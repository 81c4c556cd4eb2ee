-- The ledger: batches, their candidates (one state machine), every state change, and every call made.
-- Money is stored in integer micro-dollars so sums are exact.
CREATE TABLE batches (
  id           TEXT PRIMARY KEY,
  created_at   TEXT NOT NULL,
  backend      TEXT NOT NULL,
  job_json     TEXT NOT NULL,
  want         INTEGER NOT NULL,
  out_dir      TEXT NOT NULL,
  status       TEXT NOT NULL,
  finished_at  TEXT,
  note         TEXT
);

CREATE TABLE candidates (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id      TEXT NOT NULL REFERENCES batches(id),
  prompt_index  INTEGER NOT NULL,
  ordinal       INTEGER NOT NULL,
  prompt        TEXT NOT NULL,
  seed          INTEGER NOT NULL,
  aspect        TEXT NOT NULL,
  draft_size    TEXT NOT NULL,
  final_size    TEXT NOT NULL,
  draft_model   TEXT NOT NULL,
  final_model   TEXT NOT NULL,
  state         TEXT NOT NULL,
  reasons       TEXT,
  draft_file    TEXT,
  draft_mime    TEXT,
  width         INTEGER,
  height        INTEGER,
  brightness    REAL,
  contrast      REAL,
  sharpness     REAL,
  phash         INTEGER,
  duplicate_of  TEXT,
  render_file   TEXT,
  final_file    TEXT,
  drift         INTEGER,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (batch_id, prompt_index, ordinal)
);
CREATE INDEX candidates_by_state ON candidates (batch_id, state);

CREATE TABLE transitions (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  candidate_id  INTEGER NOT NULL REFERENCES candidates(id),
  from_state    TEXT,
  to_state      TEXT NOT NULL,
  at            TEXT NOT NULL,
  note          TEXT
);
CREATE INDEX transitions_by_candidate ON transitions (candidate_id);

CREATE TABLE calls (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id      TEXT NOT NULL REFERENCES batches(id),
  candidate_id  INTEGER REFERENCES candidates(id),
  tier          TEXT NOT NULL,
  purpose       TEXT NOT NULL,
  model         TEXT NOT NULL,
  size          TEXT NOT NULL,
  attempt       INTEGER NOT NULL,
  outcome       TEXT NOT NULL,
  http_status   INTEGER,
  price_micros  INTEGER NOT NULL,
  cost_micros   INTEGER NOT NULL,
  tokens        INTEGER NOT NULL DEFAULT 0,
  latency_ms    INTEGER NOT NULL,
  started_at    TEXT NOT NULL,
  message       TEXT
);
CREATE INDEX calls_by_batch ON calls (batch_id);

CREATE TABLE reviews (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  candidate_id  INTEGER NOT NULL REFERENCES candidates(id),
  verdict       TEXT NOT NULL,
  rating        INTEGER,
  reviewer      TEXT,
  at            TEXT NOT NULL
);
CREATE INDEX reviews_by_candidate ON reviews (candidate_id);
