/**
 * Attack: a node that fills the admin's disk through the history. High-entropy config comments cost about
 * 585 KB of SQLite per run (neither deflate nor content-addressed blobs can shrink them), and a follow kept
 * up to 20,000 samples of whatever the node printed. Now: a node's stored facts are bounded per run (the cut
 * said), evidence excerpts are bounded, retention keeps the database under a size limit (oldest runs first;
 * runs linked to fixes and the last healthy run stay), and a follow's samples are bounded and decimated.
 */
import { randomBytes } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { pairSummary } from '../../src-main/shared/domain/run'
import { parseCfg } from '../../src-main/main/diagnostics/parsers/cfg'
import { HistoryService, MAX_STORED_FACTS_CHARS } from '../../src-main/main/history/history-service'
import { DEFAULT_RETENTION, MIN_RETENTION_BYTES, type SettingsRepo } from '../../src-main/main/db/settings-repo'
import { RunRepo } from '../../src-main/main/db/run-repo'
import { FollowRepo, MAX_SAMPLE_CHARS, MAX_STORED_SAMPLES } from '../../src-main/main/db/follow-repo'
import type { FollowSample } from '../../src-main/shared/domain/follow'
import type { RunReport } from '../../src-main/shared/domain/run'
import { useTempDir } from '../db/temp'
import { LAB } from '../history/lab-pair'
import { reportWithSecrets, SALT } from '../history/fixture-report'

const tempDir = useTempDir('nsmhad-hostile-storage-')

/** the primary's haSvr.cfg followed by `kib` KiB of random comment lines (what a hostile node sends) */
function hostile(base: RunReport, at: number, kib = 200): RunReport {
  const lines: string[] = []
  for (let n = 0; n < kib * 1024;) {
    const l = `# ${randomBytes(48).toString('base64')}`
    lines.push(l)
    n += l.length + 1
  }
  const cfg = parseCfg(`highAvail.isHaEnabled yes\n${lines.join('\n')}`, '/usr/netscreen/HaSvr/var/haSvr.cfg', SALT)
  const r = structuredClone(base)
  r.startedAt = new Date(at).toISOString()
  r.finishedAt = new Date(at + 4000).toISOString()
  r.nodes.primary.configs['haSvr.cfg'] = cfg
  // unhealthy: a failing check
  r.checks[0] = { ...r.checks[0], status: 'fail' }
  r.summary = { ...r.summary, fail: r.summary.fail + (base.checks[0].status === 'fail' ? 0 : 1) }
  r.verdict = 'fail'
  return r
}

function inflatedFactsSizes(store: Awaited<ReturnType<typeof openAppStore>>, runId: number): number[] {
  const refs = JSON.parse(
    (store.db.prepare('SELECT blob_refs FROM runs WHERE id = ?').get(runId) as { blob_refs: string }).blob_refs
  ) as number[]
  return [2, 3].map((at) => {
    const b = store.db.prepare('SELECT encoding, body FROM blobs WHERE id = ?').get(refs[at]) as { encoding: string; body: Buffer }
    return (b.encoding === 'deflate' ? inflateSync(b.body) : b.body).length
  })
}

describe('storage has bounds against a hostile node', () => {
  it("a node's stored facts per run are bounded and the cut is said; a healthy node's are stored whole", async () => {
    const store = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      const pair = store.pairs.save(LAB)
      const base = reportWithSecrets({ pair: pairSummary(pair) })
      const r = hostile(base, Date.UTC(2026, 0, 1), 700)
      expect(JSON.stringify(r.nodes.primary).length).toBeGreaterThan(10 * MAX_STORED_FACTS_CHARS)
      const id = store.history.saveRun(r)
      const [primary, secondary] = inflatedFactsSizes(store, id)
      expect(primary).toBeLessThanOrEqual(MAX_STORED_FACTS_CHARS)
      expect(secondary).toBe(
        JSON.stringify(base.nodes.secondary).length -
          JSON.stringify({ clockMs: base.nodes.secondary.clockMs, clockOffsetMs: base.nodes.secondary.clockOffsetMs }).length +
          1
      )
      const back = store.history.getRun(id)!
      expect(back.nodes.primary.storedCut).toMatch(/^stored facts cut to 64 KiB: /)
      expect(back.nodes.primary.configs['haSvr.cfg']!.redactedText).toMatch(/ … \[cut: \d+ more bytes\]$/)
      expect(back.nodes.primary.configs['haSvr.cfg']!.entries.find((e) => e.key === 'highAvail.isHaEnabled')?.value).toBe('yes')
      expect(back.nodes.secondary.storedCut).toBeUndefined()
    } finally {
      store.close()
    }
  })

  it('retention by size: the oldest runs go first; the last healthy run and the runs around a fix stay', async () => {
    const store = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      const limit = 1024 * 1024
      // the history of the store, with a size limit below the setting's minimum so that a few runs exceed it
      const settings = { retention: () => ({ ...DEFAULT_RETENTION, maxBytes: limit }) } as unknown as SettingsRepo
      const runs = new RunRepo(store.db)
      const history = new HistoryService(runs, settings)
      const pair = store.pairs.save(LAB)
      const base = reportWithSecrets({ pair: pairSummary(pair) })
      const t0 = Date.UTC(2026, 0, 1)
      const healthy = history.saveRun({ ...base, startedAt: new Date(t0).toISOString(), finishedAt: new Date(t0 + 4000).toISOString() })
      expect(store.history.getRun(healthy)!.summary.fail + store.history.getRun(healthy)!.summary.unknown).toBe(0)
      const ids: number[] = []
      for (let i = 1; i <= 60; i++) {
        if (i === 6)
          store.fixAudit.record({
            pairId: pair.id,
            pairName: pair.name,
            fixId: 'fix.restart-ha',
            startedAt: new Date(t0 + 5 * 60_000 + 30_000).toISOString(),
            finishedAt: new Date(t0 + 5 * 60_000 + 40_000).toISOString(),
            by: 'admin@ws',
            plan: {},
            output: '',
            result: 'succeeded'
          })
        ids.push(history.saveRun(hostile(base, t0 + i * 60_000, 60)))
        expect(runs.usedBytes()).toBeLessThanOrEqual(limit)
      }
      const left = new Set((store.db.prepare('SELECT id FROM runs').pluck().all() as number[]).map(Number))
      // the fix ran between runs 5 and 6: its baseline and its re-check stay, as does the last healthy run
      for (const id of [healthy, ids[4], ids[5]]) expect(left.has(id), `run ${id}`).toBe(true)
      // the oldest of the others went, the newest stayed
      expect(left.has(ids[0])).toBe(false)
      expect(left.has(ids[59])).toBe(true)
      expect(left.size).toBeLessThan(40)
      // the setting refuses a limit too small to hold a run
      expect(() => store.settings.setRetention({ keepRuns: 10, keepDays: null, maxBytes: MIN_RETENTION_BYTES - 1 })).toThrow(/16 MiB/)
    } finally {
      store.close()
    }
  })

  it('a follow keeps at most MAX_STORED_SAMPLES bounded samples, spanning the whole follow, every watched line kept', async () => {
    const store = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      const repo = new FollowRepo(store.db)
      const id = repo.begin({
        pairName: 'lab pair',
        replica: 'secondary',
        source: 'primary',
        replicaFrom: 'x',
        startedAt: '2026-01-01T00:00:00Z'
      } as never)
      const node = (error?: string) => ({
        role: 'secondary',
        data: { files: 1, bytes: 1 },
        log: { files: 1, bytes: 1 },
        execMs: 5,
        wireBytes: 100,
        ...(error ? { error } : {})
      })
      const total = 10_000
      for (let seq = 0; seq < total; seq++) {
        const sample = {
          seq,
          at: new Date(Date.UTC(2026, 0, 1) + seq * 5000).toISOString(),
          t: seq * 5,
          replica: 'secondary',
          nodes: { primary: node(), secondary: node(seq % 7 === 3 ? `x${'y'.repeat(100_000)}` : undefined) },
          share: seq / total,
          logsMatch: false,
          estimate: {
            rateBytesPerSec: null,
            remainingBytes: 1,
            etaSeconds: null,
            etaLowSeconds: null,
            etaHighSeconds: null,
            stalled: false,
            stalledForSeconds: 0
          },
          events: seq === 4321 ? [{ kind: 'STARTING', text: 'DB_EVENT_REP_STARTING' }] : []
        } as unknown as FollowSample
        repo.addSample(id, sample)
      }
      repo.finish(id, { reason: 'stopped', message: 'stopped', at: '2026-01-01T14:00:00Z', samples: total })
      const rows = store.db.prepare('SELECT seq, LENGTH(sample) AS n FROM follow_samples WHERE follow_id = ? ORDER BY seq').all(id) as {
        seq: number
        n: number
      }[]
      expect(rows.length).toBeLessThanOrEqual(MAX_STORED_SAMPLES)
      expect(rows.length).toBeGreaterThan(MAX_STORED_SAMPLES / 4)
      expect(Math.max(...rows.map((r) => r.n))).toBeLessThanOrEqual(MAX_SAMPLE_CHARS)
      const seqs = rows.map((r) => r.seq)
      expect(seqs[0]).toBe(0)
      expect(seqs[seqs.length - 1]).toBe(total - 1)
      expect(seqs).toContain(4321)
      // spread over the whole follow: no gap much wider than the stride
      const gaps = seqs.slice(1).map((s, i) => s - seqs[i])
      expect(Math.max(...gaps)).toBeLessThanOrEqual(16)
      expect(repo.get(id)!.samples.map((s) => s.seq)).toEqual(seqs)
      // the follow still says how many samples were taken
      expect(repo.get(id)!.end?.samples).toBe(total)
    } finally {
      store.close()
    }
  })
})
