/**
 * 0008: acknowledgements of a known problem (a failing, warning or unknown check of a pair) with a reason
 * and an expiry. Rows are never deleted: each keeps who acknowledged, when and why, and when, by whom and
 * why it ended (expired, the check passed, its summary changed, removed, replaced) — the audit trail.
 */
export const sql = `
CREATE TABLE acks (
  id INTEGER PRIMARY KEY,
  pair_name TEXT NOT NULL,
  check_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('fail','warn','unknown')),
  summary TEXT NOT NULL,
  reason TEXT NOT NULL,
  run_id INTEGER,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at TEXT,
  ended_by TEXT,
  end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('expired','passed','summary-changed','removed','replaced')),
  end_note TEXT
);
CREATE INDEX acks_open ON acks (pair_name, check_id) WHERE ended_at IS NULL;
CREATE INDEX acks_pair ON acks (pair_name, created_at);
`
