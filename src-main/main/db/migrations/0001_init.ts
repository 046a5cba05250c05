/** 0001: pairs, host keys, runs, check results, run facts, fix audit, settings. Immutable once committed. */
export const sql = `
CREATE TABLE pairs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  primary_host TEXT NOT NULL,
  primary_port INTEGER NOT NULL,
  primary_user TEXT NOT NULL,
  primary_auth TEXT NOT NULL CHECK (primary_auth IN ('password','key','agent')),
  primary_identity TEXT,
  primary_sudo TEXT NOT NULL CHECK (primary_sudo IN ('none','sudo','sudo-password')),
  secondary_host TEXT NOT NULL,
  secondary_port INTEGER NOT NULL,
  secondary_user TEXT NOT NULL,
  secondary_auth TEXT NOT NULL CHECK (secondary_auth IN ('password','key','agent')),
  secondary_identity TEXT,
  secondary_sudo TEXT NOT NULL CHECK (secondary_sudo IN ('none','sudo','sudo-password')),
  jump_host TEXT,
  jump_port INTEGER,
  jump_user TEXT,
  jump_auth TEXT CHECK (jump_auth IS NULL OR jump_auth IN ('password','key','agent')),
  jump_identity TEXT,
  nsm_home TEXT NOT NULL,
  nsm_data TEXT NOT NULL,
  ha_init TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  notes TEXT NOT NULL DEFAULT '',
  salt TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE host_keys (
  host TEXT NOT NULL,
  port INTEGER NOT NULL,
  key_type TEXT,
  sha256 TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  PRIMARY KEY (host, port)
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  pair_id INTEGER REFERENCES pairs(id) ON DELETE CASCADE,
  pair_name TEXT NOT NULL,
  pair_json TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  by TEXT,
  state TEXT NOT NULL CHECK (state IN ('running','completed','interrupted','cancelled')),
  verdict TEXT CHECK (verdict IS NULL OR verdict IN ('pass','warn','fail','unknown','skipped')),
  n_pass INTEGER NOT NULL DEFAULT 0,
  n_warn INTEGER NOT NULL DEFAULT 0,
  n_fail INTEGER NOT NULL DEFAULT 0,
  n_unknown INTEGER NOT NULL DEFAULT 0,
  n_skipped INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_pair_started ON runs (pair_id, started_at DESC, id DESC);
CREATE INDEX runs_name_started ON runs (pair_name, started_at DESC, id DESC);
CREATE INDEX runs_state ON runs (state);

CREATE TABLE check_results (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  check_id TEXT NOT NULL,
  step INTEGER,
  scope TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pass','warn','fail','unknown','skipped')),
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  evidence TEXT NOT NULL,
  fixes TEXT NOT NULL,
  duration_ms REAL,
  PRIMARY KEY (run_id, check_id)
);
CREATE INDEX check_results_run_status ON check_results (run_id, check_id, status);

CREATE TABLE run_facts (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('primary','secondary')),
  encoding TEXT NOT NULL CHECK (encoding IN ('json','deflate')),
  body BLOB NOT NULL,
  PRIMARY KEY (run_id, role)
);

CREATE TABLE fix_audit (
  id INTEGER PRIMARY KEY,
  pair_id INTEGER REFERENCES pairs(id) ON DELETE SET NULL,
  pair_name TEXT NOT NULL,
  fix_id TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  by TEXT NOT NULL,
  plan TEXT NOT NULL,
  confirmation TEXT,
  output TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('succeeded','failed','refused','cancelled')),
  state_left TEXT
);
CREATE INDEX fix_audit_pair_fix ON fix_audit (pair_name, fix_id, started_at DESC);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`
