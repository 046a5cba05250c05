/**
 * 0007: followed replications (the "Follow replication" view and `nsm-ha-doctor follow`). A follow belongs
 * to the run it was started from (kept and deleted with it) or, without a run, to its pair; its samples
 * are one row each (JSON), written as they come (one every few seconds, not a tight loop).
 */
export const sql = `
CREATE TABLE follows (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
  pair_id INTEGER REFERENCES pairs(id) ON DELETE CASCADE,
  pair_name TEXT NOT NULL,
  replica TEXT NOT NULL CHECK (replica IN ('primary','secondary')),
  info TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('complete','panic','stopped','time-limit','error')),
  end_message TEXT
);
CREATE INDEX follows_run ON follows (run_id, id);
CREATE INDEX follows_pair ON follows (pair_id, started_at);

CREATE TABLE follow_samples (
  follow_id INTEGER NOT NULL REFERENCES follows(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  sample TEXT NOT NULL,
  PRIMARY KEY (follow_id, seq)
) WITHOUT ROWID;
`
