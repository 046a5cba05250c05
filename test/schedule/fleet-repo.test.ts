/**
 * Migration 0005 and the fleet list: per-pair schedule / quiet hours / mute stored and kept across edits,
 * and one statement giving each pair its newest completed run, the last N verdicts and the failing checks.
 */
import { describe, expect, it } from 'vitest'
import { openAppStore, type AppStore } from '../../src-main/main/store/app-store'
import { FleetRepo } from '../../src-main/main/db/fleet-repo'
import { PairRepo } from '../../src-main/main/db/pair-repo'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import { reportWithSecrets } from '../history/fixture-report'
import { useTempDir } from '../db/temp'

const temp = useTempDir('nsm-fleet-')

function pairOf(name: string, i: number, extra: Partial<PairConfig> = {}): PairConfig {
  const node = (n: number): PairConfig['primary'] => ({ host: `127.0.0.${n}`, port: 22, user: 'root', auth: 'password', sudo: 'none' })
  return {
    name,
    primary: node(2 * i + 10),
    secondary: node(2 * i + 11),
    paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' },
    tags: [],
    notes: '',
    ...extra
  }
}

async function open(): Promise<AppStore> {
  return openAppStore({ dir: temp(), secretStore: new SessionSecretStore() })
}

/** a completed run of `pairId` at minute `m`, optionally with the one-time password mismatch (a fail) */
function saveRun(store: AppStore, pairId: number, m: number, broken = false): void {
  const startedAt = new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString()
  const report = reportWithSecrets({ pair: { id: pairId, name: store.pairs.get(pairId)!.name }, startedAt, otpMismatch: broken })
  report.runId = store.history.beginRun(report.pair, startedAt)
  store.history.saveRun(report)
}

describe('pair schedule fields (migration 0005)', () => {
  it('stores interval, quiet hours and mute; an edit that omits them keeps them; null resets to the default', async () => {
    const store = await open()
    const quiet = [{ start: '22:00', end: '06:00', mode: 'silent' as const, days: [1, 2] }]
    const saved = store.pairs.save(pairOf('a', 1, { scheduleMinutes: 15, quietHours: quiet, notifyMuted: true, tags: ['dc1'] }))
    expect(saved).toMatchObject({ scheduleMinutes: 15, quietHours: quiet, notifyMuted: true, tags: ['dc1'] })
    const edited = store.pairs.save({ ...pairOf('a renamed', 1), id: saved.id })
    expect(edited).toMatchObject({ name: 'a renamed', scheduleMinutes: 15, quietHours: quiet, notifyMuted: true })
    new PairRepo(store.db).setSchedule(saved.id, { scheduleMinutes: null, notifyMuted: false })
    const reset = store.pairs.get(saved.id)!
    expect(reset.scheduleMinutes).toBeUndefined()
    expect(reset.notifyMuted).toBeUndefined()
    expect(reset.quietHours).toEqual(quiet)
    expect(() => new PairRepo(store.db).setSchedule(saved.id, { scheduleMinutes: -1 })).toThrow(/CHECK/)
    store.close()
  })
})

describe('fleet list', () => {
  it('gives every pair its newest completed run, the last N verdicts oldest first and the failing checks', async () => {
    const store = await open()
    const a = store.pairs.save(pairOf('alpha', 1, { tags: ['dc1'] })).id
    const b = store.pairs.save(pairOf('bravo', 2)).id
    store.pairs.save(pairOf('charlie', 3))
    saveRun(store, a, 1)
    saveRun(store, a, 2, true)
    saveRun(store, a, 3)
    saveRun(store, b, 1)
    saveRun(store, b, 2, true)
    // a run still going is not the last verdict
    store.history.beginRun({ ...store.history.latestRun({ pairId: b })!.pair }, new Date(Date.UTC(2026, 0, 1, 0, 9)).toISOString())
    const rows = new FleetRepo(store.db).list(2)
    expect(rows.map((r) => r.name)).toEqual(['alpha', 'bravo', 'charlie'])
    const [ra, rb, rc] = rows
    expect(ra.recent).toEqual(['fail', ra.lastVerdict])
    expect(ra.lastVerdict).not.toBe('fail')
    expect(ra.tags).toEqual(['dc1'])
    expect(rb.lastVerdict).toBe('fail')
    expect(rb.failing).toContain('gui.one-time-password')
    expect(rb.lastRunAt).toBe(new Date(Date.UTC(2026, 0, 1, 0, 2)).toISOString())
    expect(rb.recent).toHaveLength(2)
    expect(rc).toMatchObject({ lastRunId: null, lastVerdict: null, recent: [], failing: [], scheduleMinutes: null, notifyMuted: false })
    store.close()
  })

  it('runs stored before the status map (0003) still give their failing checks', async () => {
    const store = await open()
    const b = store.pairs.save(pairOf('bravo', 2)).id
    saveRun(store, b, 1, true)
    // as written before 0006: no blobs, the status map in runs.statuses or only in check_results
    store.db.prepare('UPDATE runs SET blob_refs = NULL, statuses = NULL').run()
    store.db
      .prepare(
        `INSERT INTO check_results (run_id, seq, check_id, step, scope, status, title, summary, evidence, fixes) SELECT id, 1, 'gui.one-time-password', 6, 'pair', 'fail', 't', 's', '[]', '[]' FROM runs`
      )
      .run()
    const [row] = new FleetRepo(store.db).list()
    expect(row.failing).toContain('gui.one-time-password')
    store.close()
  })
})
