import { describe, expect, it } from 'vitest'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { openAppStore, type AppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { pairSummary } from '../../src-main/shared/domain/run'
import { pairKeyOf } from '../../src-main/main/history/history-service'
import type { RunReport } from '../../src-main/shared/domain/run'
import { useTempDir } from '../db/temp'
import { reportWithSecrets } from './fixture-report'
import { LAB } from './lab-pair'
import { blobRefsConsistent } from './blob-refs'

const tempDir = useTempDir()

async function store(now?: () => number): Promise<AppStore> {
  return openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore(), now })
}

function at(minute: number): string {
  return new Date(Date.UTC(2026, 10, 25, 6, 0) + minute * 60_000).toISOString()
}

describe('history', () => {
  it('stores a run whole and rebuilds the same report, facts included', async () => {
    const s = await store()
    try {
      const pair = s.pairs.save(LAB)
      const report = reportWithSecrets({ pair: pairSummary(pair) })
      const id = s.history.saveRun(report)
      const back = s.history.getRun(id)!
      expect(back).toEqual({ ...report, runId: id })
      expect(back.nodes.secondary.xdb?.dataBytes).toBe(report.nodes.secondary.xdb?.dataBytes)
      expect(back.checks.map((c) => c.id)).toEqual(report.checks.map((c) => c.id))
      // large facts are stored deflated (blobs 2 and 3 of the run: primary, secondary facts)
      const enc = s.db
        .prepare(
          `SELECT b.encoding FROM runs r, blobs b WHERE r.id = ? AND b.id IN (json_extract(r.blob_refs, '$[2]'), json_extract(r.blob_refs, '$[3]'))`
        )
        .all(id) as { encoding: string }[]
      expect(enc.map((e) => e.encoding)).toEqual(['deflate', 'deflate'])
    } finally {
      s.close()
    }
  })

  it('begins a run as running and a later open marks leftovers interrupted, keeping them', async () => {
    const dir = tempDir()
    const s = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    const pair = s.pairs.save(LAB)
    const crashed = s.history.beginRun(pairSummary(pair), at(1), 'admin@ws')
    const other = s.history.beginRun(pairSummary(pair), at(2), 'cron@ws')
    // `other` belongs to a live process on this host (our parent): it must stay running
    s.db.prepare('UPDATE runs SET owner = ? WHERE id = ?').run(`${hostname()}:${process.ppid}`, other)
    expect(s.history.listRuns(pairKeyOf(pair)).items.map((r) => r.state)).toEqual(['running', 'running'])
    s.close()
    const again = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    try {
      expect(again.interruptedOnOpen).toBe(1)
      const runs = again.history.listRuns(pairKeyOf(pair)).items
      expect(runs.find((r) => r.id === crashed)).toMatchObject({ state: 'interrupted', by: 'admin@ws', startedAt: at(1), verdict: null })
      expect(runs.find((r) => r.id === other)?.state).toBe('running')
      const whole = again.history.getRun(crashed)!
      expect(whole.state).toBe('interrupted')
      expect(whole.checks).toEqual([])
      expect(whole.nodes.primary.reachable).toBe(false)
    } finally {
      again.close()
    }
  })

  it('finishing a begun run updates that row in one write', async () => {
    const s = await store()
    try {
      const pair = s.pairs.save(LAB)
      const runId = s.history.beginRun(pairSummary(pair), at(0), 'admin@ws')
      const report = { ...reportWithSecrets({ pair: pairSummary(pair), startedAt: at(0) }), runId }
      expect(s.history.saveRun(report)).toBe(runId)
      const page = s.history.listRuns(pairKeyOf(pair))
      expect(page.total).toBe(1)
      expect(page.items[0]).toMatchObject({ id: runId, state: 'completed', verdict: report.verdict })
    } finally {
      s.close()
    }
  })

  it('a write that fails half-way leaves no part of the run (one transaction)', async () => {
    const s = await store()
    try {
      const pair = s.pairs.save(LAB)
      const good = reportWithSecrets({ pair: pairSummary(pair) })
      const bad: RunReport = {
        ...good,
        // the 10th check violates the status CHECK constraint after nine rows went in
        checks: good.checks.map((c, i) => (i === 9 ? { ...c, status: 'bogus' as never } : c))
      }
      expect(() => s.history.saveRun(bad)).toThrow(/CHECK constraint/)
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 0 })
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM check_results').get()).toEqual({ n: 0 })
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM run_facts').get()).toEqual({ n: 0 })
      // and a begun run stays as it was: running, no results
      const runId = s.history.beginRun(pairSummary(pair), at(0))
      expect(() => s.history.saveRun({ ...bad, runId })).toThrow()
      expect(s.history.listRuns(pairKeyOf(pair)).items[0]).toMatchObject({ id: runId, state: 'running' })
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM check_results').get()).toEqual({ n: 0 })
    } finally {
      s.close()
    }
  })

  it('lists runs newest first in pages, per pair', async () => {
    const s = await store()
    try {
      const pair = s.pairs.save(LAB)
      const other = s.pairs.save({ ...LAB, name: 'other' })
      const base = reportWithSecrets({ pair: pairSummary(pair) })
      const ids: number[] = []
      for (let i = 0; i < 25; i++) ids.push(s.history.saveRun({ ...base, startedAt: at(i), finishedAt: at(i) }))
      s.history.saveRun({ ...base, pair: pairSummary(other), startedAt: at(99), finishedAt: at(99) })
      const p1 = s.history.listRuns(pairKeyOf(pair), { limit: 10 })
      const p3 = s.history.listRuns(pairKeyOf(pair), { limit: 10, offset: 20 })
      expect(p1.total).toBe(25)
      expect(p1.items.map((r) => r.id)).toEqual(ids.slice(15).reverse())
      expect(p3.items.map((r) => r.id)).toEqual(ids.slice(0, 5).reverse())
      expect(s.history.listRuns(pairKeyOf(other)).total).toBe(1)
      // an ad-hoc run (no saved pair) is listed under its name
      s.history.saveRun({ ...base, pair: { ...base.pair, id: undefined, name: 'adhoc' } })
      expect(s.history.listRuns({ pairName: 'adhoc' }).total).toBe(1)
    } finally {
      s.close()
    }
  })

  it('gives counts and per-check status series for trend charts', async () => {
    const s = await store()
    try {
      const pair = s.pairs.save(LAB)
      const sum = pairSummary(pair)
      s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(1) }))
      s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(2), otpMismatch: true }))
      s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(3) }))
      s.history.beginRun(sum, at(4)) // running: not in the trend
      const t = s.history.trend(pairKeyOf(pair))
      expect(t.runs.map((r) => r.startedAt)).toEqual([at(1), at(2), at(3)])
      expect(t.runs.map((r) => r.counts.fail)).toEqual([0, 1, 0])
      expect(t.checks['gui.one-time-password']).toEqual(['pass', 'fail', 'pass'])
      expect(t.checks['cfg.shared-disk']).toEqual(['skipped', 'skipped', 'skipped'])
      // runs written before migration 0003 have no status map: the series come from check_results
      s.db.prepare('UPDATE runs SET statuses = NULL WHERE started_at = ?').run(at(2))
      expect(s.history.trend(pairKeyOf(pair))).toEqual(t)
      const only = s.history.trend(pairKeyOf(pair), { limit: 2, checkIds: ['gui.one-time-password'] })
      expect(Object.keys(only.checks)).toEqual(['gui.one-time-password'])
      expect(only.checks['gui.one-time-password']).toEqual(['fail', 'pass'])
    } finally {
      s.close()
    }
  })

  it('compares two runs: status changes, new and resolved failures, changed facts', async () => {
    const s = await store()
    try {
      const pair = s.pairs.save(LAB)
      const sum = pairSummary(pair)
      const a = s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(1) }))
      const b = s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(2), otpMismatch: true, xdbBytes: 2_000_000 }))
      const c = s.history.compare(a, b)
      expect(c.newFailures).toEqual(['gui.one-time-password'])
      expect(c.resolvedFailures).toEqual([])
      expect(c.checkChanges).toContainEqual(expect.objectContaining({ id: 'gui.one-time-password', before: 'pass', after: 'fail' }))
      const otp = c.factChanges.find((f) => f.key === 'guiSvr.cfg guiSvr.clientOneTimePassword')
      expect(otp).toMatchObject({ node: 'secondary', area: 'config' })
      expect(otp!.before).toMatch(/^sha256:[0-9a-f]{8}$/)
      expect(otp!.after).toMatch(/^sha256:[0-9a-f]{8}$/)
      expect(otp!.before).not.toBe(otp!.after)
      expect(c.factChanges).toContainEqual({ node: 'secondary', area: 'xdb', key: 'xdb/data bytes', before: '1048576', after: '2000000' })
      expect(c.factChanges.filter((f) => f.node === 'primary')).toEqual([])
      const back = s.history.compare(b, a)
      expect(back.resolvedFailures).toEqual(['gui.one-time-password'])
    } finally {
      s.close()
    }
  })

  it('finds the last healthy run and the latest run for the engine', async () => {
    const s = await store()
    try {
      const pair = s.pairs.save(LAB)
      const sum = pairSummary(pair)
      const key = pairKeyOf(pair)
      expect(s.history.lastHealthyRun(key)).toBeUndefined()
      const healthy = s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(1) }))
      const failing = s.history.saveRun(reportWithSecrets({ pair: sum, startedAt: at(2), otpMismatch: true }))
      expect(s.history.lastHealthyRun(key)?.id).toBe(healthy)
      expect(s.history.latestRun(key)?.runId).toBe(failing)
      expect(s.history.latestRun(key, at(2))?.runId).toBe(healthy)
    } finally {
      s.close()
    }
  })

  it('applies retention after each save: keep N runs and N days per pair', async () => {
    const now = Date.parse(at(60 * 24 * 10))
    const s = await store(() => now)
    try {
      const pair = s.pairs.save(LAB)
      const other = s.pairs.save({ ...LAB, name: 'other' })
      const base = reportWithSecrets({ pair: pairSummary(pair) })
      s.settings.setRetention({ keepRuns: 3, keepDays: null })
      for (let i = 0; i < 6; i++) s.history.saveRun({ ...base, startedAt: at(i), finishedAt: at(i) })
      s.history.saveRun({ ...base, pair: pairSummary(other), startedAt: at(0), finishedAt: at(0) })
      expect(s.history.listRuns(pairKeyOf(pair)).items.map((r) => r.startedAt)).toEqual([at(5), at(4), at(3)])
      expect(s.history.listRuns(pairKeyOf(other)).total).toBe(1)
      // cascades: no orphan blobs, every blob counts exactly the runs that use it
      expect(blobRefsConsistent(s)).toEqual({ orphans: 0, wrongCounts: 0 })
      // 4 runs of one report: 2 pair summaries, 1 status map, 2 facts, one blob per check
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM blobs').get()).toEqual({ n: 2 + 1 + 2 + base.checks.length })
      s.settings.setRetention({ keepRuns: null, keepDays: 5 })
      s.history.saveRun({ ...base, startedAt: at(60 * 24 * 8), finishedAt: at(60 * 24 * 8) })
      expect(s.history.listRuns(pairKeyOf(pair)).items.map((r) => r.startedAt)).toEqual([at(60 * 24 * 8)])
      expect(() => s.settings.setRetention({ keepRuns: 0, keepDays: null })).toThrow(/whole numbers/)
    } finally {
      s.close()
    }
  })

  it('removing a pair removes its history', async () => {
    const s = await store()
    try {
      const pair = s.pairs.save(LAB)
      s.history.saveRun(reportWithSecrets({ pair: pairSummary(pair) }))
      await s.pairs.remove(pair.id)
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 0 })
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM run_facts').get()).toEqual({ n: 0 })
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM blobs').get()).toEqual({ n: 0 })
      // a run whose pair was deleted while it ran is kept under the pair's name
      const id = s.history.saveRun(reportWithSecrets({ pair: pairSummary(pair) }))
      expect(s.history.listRuns({ pairName: 'lab pair' }).items.map((r) => r.id)).toEqual([id])
    } finally {
      s.close()
    }
  })

  it('pins host keys and records fix audits', async () => {
    const dir = tempDir()
    const s = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    const pair = s.pairs.save(LAB)
    expect(s.hostKeys.get('127.0.0.11', 22)).toBeUndefined()
    s.hostKeys.pin('127.0.0.11', 22, 'SHA256:abc', 'ssh-ed25519')
    s.hostKeys.pin('127.0.0.11', 2222, 'SHA256:other')
    expect(s.hostKeys.get('127.0.0.11', 22)).toBe('SHA256:abc')
    expect(s.hostKeys.list('127.0.0.11', 22)).toEqual(['SHA256:abc'])
    expect(s.hostKeys.list('127.0.0.12', 22)).toEqual([])
    expect(s.hostKeys.all().map((k) => k.port)).toEqual([22, 2222])
    s.hostKeys.pin('127.0.0.11', 22, 'SHA256:new')
    const rec = s.hostKeys.record('127.0.0.11', 22)!
    expect(rec.sha256).toBe('SHA256:new')
    expect(rec.keyType).toBeUndefined()
    const t0 = Date.parse(at(0))
    const id = s.fixAudit.record({
      pairId: pair.id,
      pairName: pair.name,
      fixId: 'fix.restart-ha',
      startedAt: at(0),
      finishedAt: at(1),
      by: 'admin@ws',
      plan: { steps: ['stop', 'start'] },
      output: 'ok',
      result: 'succeeded',
      stateLeft: 'HA running'
    })
    s.fixAudit.record({
      pairId: pair.id,
      pairName: pair.name,
      fixId: 'fix.restart-ha',
      startedAt: at(-60),
      by: 'a',
      plan: {},
      output: '',
      result: 'failed'
    })
    s.fixAudit.record({
      pairId: pair.id,
      pairName: pair.name,
      fixId: 'fix.failover',
      startedAt: at(2),
      by: 'a',
      plan: {},
      output: '',
      result: 'refused'
    })
    s.close()
    const again = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    try {
      expect(again.hostKeys.get('127.0.0.11', 22)).toBe('SHA256:new')
      const recent = again.fixAudit.recent(pair.id, 'fix.restart-ha', t0 - 1000)
      expect(recent.map((r) => r.id)).toEqual([id])
      expect(recent[0]).toMatchObject({
        result: 'succeeded',
        plan: { steps: ['stop', 'start'] },
        stateLeft: 'HA running',
        finishedAt: at(1)
      })
      expect(again.fixAudit.recent(pair.name, 'fix.restart-ha', t0 - 3_600_000)).toHaveLength(2)
      expect(again.fixAudit.list(pair.name).map((r) => r.fixId)).toEqual(['fix.failover', 'fix.restart-ha', 'fix.restart-ha'])
    } finally {
      again.close()
    }
  })

  it('uses the shared data dir from NSM_HA_DOCTOR_HOME', async () => {
    const { dataDir, databaseFile } = await import('../../src-main/main/platform/paths')
    expect(dataDir({ NSM_HA_DOCTOR_HOME: '/x/y' }, 'linux')).toBe('/x/y')
    expect(dataDir({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.config/nsm-ha-doctor')
    expect(dataDir({ HOME: '/home/a', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/nsm-ha-doctor')
    expect(dataDir({ HOME: '/Users/a' }, 'darwin')).toBe('/Users/a/Library/Application Support/nsm-ha-doctor')
    expect(dataDir({ HOME: 'C:\\Users\\a', APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\a\\AppData\\Roaming', 'nsm-ha-doctor')
    )
    expect(databaseFile('/d')).toBe('/d/nsm-ha-doctor.sqlite')
  })
})
