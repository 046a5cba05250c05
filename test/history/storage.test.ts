/**
 * Run storage (migration 0006): what is the same as before is stored once. Unchanged runs cost their
 * row only, changed parts cost a new blob, blobs go with their last run, and runs written in the shape
 * before 0006 (check_results and run_facts rows) still read, list, trend and compare.
 */
import { describe, expect, it } from 'vitest'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { migrate } from '../../src-main/main/db/migrate'
import { MIGRATIONS } from '../../src-main/main/db/migrations/index'
import { encodeEvidence, encodeFacts } from '../../src-main/main/db/run-repo'
import { openAppStore, type AppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { pairSummary } from '../../src-main/shared/domain/run'
import { pairKeyOf } from '../../src-main/main/history/history-service'
import type { RunReport } from '../../src-main/shared/domain/run'
import { redactDeep } from '../../src-main/main/reports/redact'
import { useTempDir } from '../db/temp'
import { reportWithSecrets, secretValues } from './fixture-report'
import { LAB } from './lab-pair'
import { blobRefsConsistent } from './blob-refs'

const tempDir = useTempDir()

function at(minute: number): string {
  return new Date(Date.UTC(2026, 10, 25, 6, 0) + minute * 60_000).toISOString()
}

/** the same run again, later: new times, new clocks and durations, same facts and results */
function again(base: RunReport, i: number): RunReport {
  return {
    ...base,
    startedAt: at(i),
    finishedAt: at(i + 0.07),
    nodes: {
      primary: { ...base.nodes.primary, clockMs: Date.parse(at(i)), wireBytes: 41_000 + i },
      secondary: { ...base.nodes.secondary, clockMs: Date.parse(at(i)) + 3, wireBytes: 39_000 + i }
    },
    checks: base.checks.map((c, k) => ({ ...c, durationMs: 0.01 * ((i + k) % 50) + 0.123456789 }))
  }
}

function count(s: AppStore, table: string): number {
  return (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
}

function fileBytes(s: AppStore): number {
  s.db.pragma('wal_checkpoint(TRUNCATE)')
  return statSync(s.file).size
}

describe('run storage', () => {
  it('stores an unchanged run as its row only: no new blob, well under 2 KiB per run', async () => {
    const s = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      s.settings.setRetention({ keepRuns: 10_000, keepDays: null })
      const pair = s.pairs.save(LAB)
      const base = reportWithSecrets({ pair: pairSummary(pair) })
      const first = s.history.saveRun(again(base, 0))
      const blobs = count(s, 'blobs')
      const before = fileBytes(s)
      const ids: number[] = []
      for (let i = 1; i <= 300; i++) ids.push(s.history.saveRun(again(base, i)))
      expect(count(s, 'blobs')).toBe(blobs)
      expect(count(s, 'check_results')).toBe(0)
      expect(count(s, 'run_facts')).toBe(0)
      const perRun = (fileBytes(s) - before) / 300
      expect(perRun).toBeLessThan(2048)
      // every run still rebuilds whole, with its own times, clocks and durations
      const last = s.history.getRun(ids[299])!
      expect(last).toEqual({ ...redactDeep(again(base, 300)), runId: ids[299] })
      expect(s.history.getRun(first)).toEqual({ ...redactDeep(again(base, 0)), runId: first })
      expect(blobRefsConsistent(s)).toEqual({ orphans: 0, wrongCounts: 0 })
    } finally {
      s.close()
    }
  })

  it('a changed fact or result costs a new blob for that part only', async () => {
    const s = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      const pair = s.pairs.save(LAB)
      const sum = pairSummary(pair)
      s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(1) }))
      const blobs = count(s, 'blobs')
      // the secondary's xdb grew: its facts and the checks that show the bytes change, nothing else
      const grown = reportWithSecrets({ pair: sum, startedAt: at(2), xdbBytes: 2_000_000 })
      const id = s.history.saveRun(grown)
      const added = count(s, 'blobs') - blobs
      expect(added).toBeGreaterThanOrEqual(1)
      expect(added).toBeLessThan(5)
      expect(s.history.getRun(id)).toEqual({ ...redactDeep(grown), runId: id })
      const c = s.history.compare(id - 1, id)
      expect(c.factChanges).toContainEqual({ node: 'secondary', area: 'xdb', key: 'xdb/data bytes', before: '1048576', after: '2000000' })
    } finally {
      s.close()
    }
  })

  it('a blob goes with the last run that uses it (delete, retention, removing the pair)', async () => {
    const s = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      const pair = s.pairs.save(LAB)
      const sum = pairSummary(pair)
      const first = reportWithSecrets({ pair: sum, startedAt: at(1) })
      const a = s.history.saveRun(first)
      const b = s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(2), otpMismatch: true }))
      const both = count(s, 'blobs')
      expect(s.history.deleteRun(b)).toBe(true)
      expect(count(s, 'blobs')).toBeLessThan(both)
      expect(blobRefsConsistent(s)).toEqual({ orphans: 0, wrongCounts: 0 })
      expect(s.history.getRun(a)).toEqual({ ...redactDeep(first), runId: a })
      // a begun run finished later: its blobs are counted once
      const runId = s.history.beginRun(sum, at(3))
      s.history.saveRun({ ...reportWithSecrets({ pair: sum, startedAt: at(3) }), runId })
      expect(blobRefsConsistent(s)).toEqual({ orphans: 0, wrongCounts: 0 })
      s.settings.setRetention({ keepRuns: 1, keepDays: null })
      s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(4), otpMismatch: true }))
      expect(s.history.listRuns(pairKeyOf(pair)).total).toBe(1)
      expect(blobRefsConsistent(s)).toEqual({ orphans: 0, wrongCounts: 0 })
      await s.pairs.remove(pair.id)
      expect(count(s, 'runs')).toBe(0)
      expect(count(s, 'blobs')).toBe(0)
    } finally {
      s.close()
    }
  })

  it('keeps no secret in any blob', async () => {
    const s = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      const pair = s.pairs.save(LAB)
      s.history.saveRun(reportWithSecrets({ pair: pairSummary(pair), otpMismatch: true }))
      const rows = s.db.prepare('SELECT encoding, body FROM blobs').all() as { encoding: string; body: Buffer }[]
      expect(rows.length).toBeGreaterThan(30)
      const text = rows.map((r) => (r.encoding === 'deflate' ? inflateSync(r.body) : r.body).toString('utf8')).join('\n')
      expect(text).toContain('clientOneTimePassword')
      for (const secret of secretValues()) expect(text).not.toContain(secret)
    } finally {
      s.close()
    }
  })

  it('runs stored before migration 0006 still read, list, trend, compare and go with retention', async () => {
    const dir = tempDir()
    const file = join(dir, 'nsm-ha-doctor.sqlite')
    // a database as the previous version left it: schema 0001-0004, runs as check_results + run_facts rows
    const Database = (await import('better-sqlite3')).default
    const raw = new Database(file)
    migrate(
      raw,
      MIGRATIONS.filter((m) => m.version <= 4)
    )
    raw.exec(`INSERT INTO pairs (id, name, primary_host, primary_port, primary_user, primary_auth, primary_sudo,
      secondary_host, secondary_port, secondary_user, secondary_auth, secondary_sudo, nsm_home, nsm_data, ha_init, salt, created_at, updated_at)
      VALUES (1, 'lab pair', '127.0.0.11', 22, 'root', 'agent', 'none', '127.0.0.12', 22, 'root', 'agent', 'none',
      '/usr/netscreen', '/var/netscreen', '/etc/init.d/haSvr', 'salt', '${at(0)}', '${at(0)}')`)
    const sum = {
      id: 1,
      name: 'lab pair',
      primary: { host: '127.0.0.11', port: 22, user: 'root' },
      secondary: { host: '127.0.0.12', port: 22, user: 'root' },
      paths: LAB.paths
    }
    const legacy = [
      redactDeep(reportWithSecrets({ pair: sum, startedAt: at(1) })),
      redactDeep(reportWithSecrets({ pair: sum, startedAt: at(2), otpMismatch: true, xdbBytes: 2_000_000 }))
    ]
    for (const r of legacy) {
      const id = Number(
        raw
          .prepare(
            `INSERT INTO runs (pair_id, pair_name, pair_json, started_at, finished_at, by, state, verdict, n_pass, n_warn, n_fail, n_unknown, n_skipped, statuses)
            VALUES (1, ?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(
            r.pair.name,
            JSON.stringify(r.pair),
            r.startedAt,
            r.finishedAt,
            r.by,
            r.verdict,
            r.summary.pass,
            r.summary.warn,
            r.summary.fail,
            r.summary.unknown,
            r.summary.skipped,
            JSON.stringify(Object.fromEntries(r.checks.map((c) => [c.id, c.status])))
          ).lastInsertRowid
      )
      r.checks.forEach((c, seq) =>
        raw
          .prepare(
            'INSERT INTO check_results (run_id, seq, check_id, step, scope, status, title, summary, evidence, fixes, duration_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?)'
          )
          .run(
            id,
            seq,
            c.id,
            c.step,
            c.scope,
            c.status,
            c.title,
            c.summary,
            encodeEvidence(c.evidence),
            JSON.stringify(c.fixes),
            c.durationMs ?? null
          )
      )
      for (const role of ['primary', 'secondary'] as const) {
        const { encoding, body } = encodeFacts(r.nodes[role])
        raw.prepare('INSERT INTO run_facts (run_id, role, encoding, body) VALUES (?, ?, ?, ?)').run(id, role, encoding, body)
      }
      r.runId = id
    }
    raw.close()

    const s = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    try {
      const key = { pairId: 1 }
      expect(s.history.getRun(1)).toEqual(legacy[0])
      expect(s.history.getRun(2)).toEqual(legacy[1])
      // a new run next to the old ones: the engine's previous run, trend and compare span both shapes
      expect(s.history.latestRun(key)?.runId).toBe(2)
      const fresh = reportWithSecrets({ pair: sum, startedAt: at(3) })
      const id = s.history.saveRun(fresh)
      expect(s.history.listRuns(key).items.map((r) => r.id)).toEqual([id, 2, 1])
      const t = s.history.trend(key)
      expect(t.checks['gui.one-time-password']).toEqual(['pass', 'fail', 'pass'])
      const c = s.history.compare(2, id)
      expect(c.resolvedFailures).toEqual(['gui.one-time-password'])
      expect(c.factChanges).toContainEqual({ node: 'secondary', area: 'xdb', key: 'xdb/data bytes', before: '2000000', after: '1048576' })
      s.settings.setRetention({ keepRuns: 1, keepDays: null })
      s.history.applyRetention(key)
      expect(count(s, 'check_results')).toBe(0)
      expect(count(s, 'run_facts')).toBe(0)
      expect(s.history.getRun(id)).toEqual({ ...redactDeep(fresh), runId: id })
    } finally {
      s.close()
    }
  })
})
