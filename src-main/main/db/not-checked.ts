/**
 * "Not checked" runs in SQL: a completed run that reached neither node (host key refused, node down) is
 * not an HA result. Such a run keeps its checks, summary and verdict (the contract's JSON, exit code 3), so
 * it is recognised by its node facts: both nodes' facts blobs (blob_refs[2] and [3], migration 0006) say
 * `"reachable": false`. A node never reached has small facts (no configs, no events), stored as plain JSON
 * (run-repo's FACTS_DEFLATE_THRESHOLD), which SQLite reads with json_extract; a deflated facts blob is
 * always a node that answered. Runs stored before 0006 (facts in run_facts) count as checked. Such a run has
 * no pass and no warn (nothing was read), so callers test those counts first and read facts only then.
 */
import type { Db } from './database'

/** SQL: 1 when both nodes of the run `alias` were never reached, else 0. */
export function notCheckedSql(alias: string): string {
  return `(SELECT COUNT(*) FROM blobs nb WHERE nb.id IN (json_extract(${alias}.blob_refs, '$[2]'), json_extract(${alias}.blob_refs, '$[3]'))
    AND nb.encoding = 'json' AND json_extract(CAST(nb.body AS TEXT), '$.reachable') = 0) = 2`
}

/** Which of some runs were not checked (history trends leave them out). */
export class NotCheckedIndex {
  readonly #db: Db

  constructor(db: Db) {
    this.#db = db
  }

  ids(runIds: readonly number[]): Set<number> {
    const out = new Set<number>()
    // bounded statements: at most 500 ids a query
    for (let i = 0; i < runIds.length; i += 500) {
      const chunk = runIds.slice(i, i + 500)
      const rows = this.#db
        .prepare(`SELECT r.id FROM runs r WHERE r.id IN (${chunk.map(() => '?').join(',')}) AND ${notCheckedSql('r')}`)
        .all(...chunk) as { id: number }[]
      for (const r of rows) out.add(r.id)
    }
    return out
  }
}
