/**
 * 0006: content-addressed run storage. What a run stores that is usually the same as the run before
 * (the pair summary, the status map, each node's facts, each check's result) goes into `blobs` once,
 * keyed by the sha256 of its JSON; a run keeps only the ids (`blob_refs`) and the few values that change
 * every time (`run_values`: check durations, node clocks, wire bytes). An unchanged run costs its row.
 *
 * `blob_refs` is a JSON array in a fixed layout: [pair, statuses, primary facts, secondary facts,
 * check 1, check 2, …] (0 = none). `blobs.refs` counts the uses; the triggers keep it and delete a blob
 * when its last run goes (retention, delete, or a pair's cascade). Rows written before this keep
 * `blob_refs` NULL and their check_results / run_facts rows; readers accept both shapes.
 */
export const sql = `
CREATE TABLE blobs (
  id INTEGER PRIMARY KEY,
  sha256 BLOB NOT NULL UNIQUE,
  encoding TEXT NOT NULL CHECK (encoding IN ('json','deflate')),
  body BLOB NOT NULL,
  refs INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE runs ADD COLUMN blob_refs TEXT;
ALTER TABLE runs ADD COLUMN run_values TEXT;

CREATE TRIGGER runs_blobs_insert AFTER INSERT ON runs WHEN NEW.blob_refs IS NOT NULL BEGIN
  UPDATE blobs SET refs = refs + (SELECT COUNT(*) FROM json_each(NEW.blob_refs) j WHERE j.value = blobs.id)
    WHERE id IN (SELECT value FROM json_each(NEW.blob_refs));
END;

CREATE TRIGGER runs_blobs_update AFTER UPDATE OF blob_refs ON runs BEGIN
  UPDATE blobs SET refs = refs + (SELECT COUNT(*) FROM json_each(NEW.blob_refs) j WHERE j.value = blobs.id)
    WHERE id IN (SELECT value FROM json_each(NEW.blob_refs));
  UPDATE blobs SET refs = refs - (SELECT COUNT(*) FROM json_each(OLD.blob_refs) j WHERE j.value = blobs.id)
    WHERE id IN (SELECT value FROM json_each(OLD.blob_refs));
  DELETE FROM blobs WHERE refs <= 0 AND id IN (SELECT value FROM json_each(OLD.blob_refs));
END;

CREATE TRIGGER runs_blobs_delete AFTER DELETE ON runs WHEN OLD.blob_refs IS NOT NULL BEGIN
  UPDATE blobs SET refs = refs - (SELECT COUNT(*) FROM json_each(OLD.blob_refs) j WHERE j.value = blobs.id)
    WHERE id IN (SELECT value FROM json_each(OLD.blob_refs));
  DELETE FROM blobs WHERE refs <= 0 AND id IN (SELECT value FROM json_each(OLD.blob_refs));
END;
`
