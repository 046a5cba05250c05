/**
 * `nsm-ha-doctor follow --pair NAME` end to end: the real CLI (bin → bundle) against the simulated pair in
 * replication-in-progress (completing in a few seconds here): a progress bar redrawn in place on a real
 * pseudo-terminal (script(1)), one JSON line per sample on a pipe, samples kept in the data dir, Ctrl-C
 * and --timeout (exit 1), usage and unknown pair (exit 3, one line).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { setReplicationPace } from '../../src-main/simulator/replication'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { openDatabase } from '../../src-main/main/db/database'
import { commandExists, requireSystem } from '../helpers/system'
import { progressLine } from '../../src-main/cli/commands/follow'
import type { FollowSample } from '../../src-main/shared/domain/follow'

const BIN = join(__dirname, '../../bin/nsm-ha-doctor.mjs')
let sim: SimPair
let home: string

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function cli(args: string[], o: { tty?: boolean; onStdout?: (all: string, kill: () => void) => void } = {}): Promise<Run> {
  const env = { ...process.env, NSM_HA_DOCTOR_HOME: home }
  const argv = [BIN, 'follow', ...args]
  // script(1) gives the CLI a real pseudo-terminal (stdout.isTTY), and returns its exit code (-e)
  const child = o.tty
    ? spawn('script', ['-qfec', [process.execPath, ...argv].map((a) => `'${a}'`).join(' '), '/dev/null'], { env })
    : spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve) => {
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d
      o.onStdout?.(stdout, () => child.kill('SIGINT'))
    })
    child.stderr?.on('data', (d: Buffer) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const lines = (out: string): Record<string, unknown>[] =>
  out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>)

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nsm-follow-cli-'))
  sim = await startSimPair({ scenario: 'healthy' })
  // a saved pair with key login (no keychain needed) and the simulator's host keys pinned
  const store = await openAppStore({ dir: home, secretStore: new SessionSecretStore(), markInterrupted: false })
  try {
    const cfg = sim.pairConfig('lab')
    const key = (n: SimPair['primary']) => ({
      host: n.host,
      port: n.port,
      user: n.user,
      auth: 'key' as const,
      identityFile: n.clientKeyPath,
      sudo: 'none' as const
    })
    store.pairs.save({ ...cfg, primary: key(sim.primary), secondary: key(sim.secondary) })
    for (const n of [sim.primary, sim.secondary]) store.hostKeys.pin(n.host, n.port, n.hostKeySha256, 'ssh-ed25519')
  } finally {
    store.close()
  }
}, 120_000)

afterAll(async () => {
  await sim?.stop()
  if (home) rmSync(home, { recursive: true, force: true })
})

async function replicating(seconds: number): Promise<void> {
  setReplicationPace(sim.dir, { inProgressSeconds: seconds })
  await sim.applyScenario('replication-in-progress')
}

describe('nsm-ha-doctor follow', () => {
  it('not a terminal: one JSON line per sample, framed by start and end; exit 0 at STARTUPDONE; kept in the data dir', async () => {
    await replicating(6)
    const r = await cli(['--pair', 'lab', '--interval', '1'])
    expect(r.code, r.stderr).toBe(0)
    const out = lines(r.stdout)
    expect(out[0]).toMatchObject({ type: 'start', pairName: 'lab', replica: 'secondary', source: 'primary' })
    const samples = out.filter((l) => l.type === 'sample') as unknown as FollowSample[]
    expect(samples.length).toBeGreaterThan(1)
    expect(samples[0].share).toBeLessThan(1)
    expect(samples[samples.length - 1].share).toBe(1)
    expect(out[out.length - 1]).toMatchObject({ type: 'end', reason: 'complete', samples: samples.length })
    expect(String(out[out.length - 1].message)).toMatch(/DB_EVENT_REP_STARTUPDONE/)
    const db = openDatabase(join(home, 'nsm-ha-doctor.sqlite'))
    try {
      const row = db
        .prepare(
          `SELECT f.end_reason AS reason, COUNT(s.seq) AS n FROM follows f JOIN follow_samples s ON s.follow_id = f.id WHERE f.pair_name = 'lab' GROUP BY f.id ORDER BY f.id DESC`
        )
        .get() as { reason: string; n: number }
      expect(row).toEqual({ reason: 'complete', n: samples.length })
    } finally {
      db.close()
    }
  }, 120_000)

  const tty = requireSystem('script(1)', commandExists('script'), 'install util-linux (bsdutils)')
  it.skipIf(!tty.available)(
    'on a terminal: one progress bar redrawn in place, then the end line; exit 0',
    async () => {
      await replicating(6)
      const r = await cli(['--pair', 'lab', '--interval', '1'], { tty: true })
      expect(r.code, r.stdout).toBe(0)
      expect(r.stdout).toMatch(/following lab: the secondary replicates from the primary/)
      const redraws = r.stdout.split('\r\x1b[K').slice(1)
      expect(redraws.length).toBeGreaterThan(1)
      expect(redraws[0]).toMatch(/^\[#*-*\] \d+\.\d% .* \(\d+\/\d+ files\)/)
      expect(redraws[redraws.length - 1]).toMatch(/^\[#{24}\] 100\.0% /)
      expect(r.stdout).toMatch(/done: replication complete: .*DB_EVENT_REP_STARTUPDONE \(\d+ samples\)/)
      expect(r.stdout).not.toMatch(/"type":"sample"/)
    },
    120_000
  )

  it('Ctrl-C ends it (exit 1, reason stopped); --timeout ends it (exit 1, time-limit)', async () => {
    await replicating(600)
    let sent = false
    const r = await cli(['--pair', 'lab', '--interval', '1'], {
      onStdout: (all, kill) => {
        if (!sent && all.includes('"type":"sample"')) {
          sent = true
          kill()
        }
      }
    })
    expect(r.code, r.stderr).toBe(1)
    expect(lines(r.stdout).pop()).toMatchObject({ type: 'end', reason: 'stopped' })
    const t = await cli(['--pair', 'lab', '--interval', '1', '--timeout', '1'])
    expect(t.code, t.stderr).toBe(1)
    expect(lines(t.stdout).pop()).toMatchObject({ type: 'end', reason: 'time-limit' })
  }, 120_000)

  it('usage and an unknown pair: exit 3 with one clear line', async () => {
    const a = await cli(['--pair', 'lab', '--format', 'xml'])
    expect(a.code).toBe(3)
    expect(a.stderr.split('\n')[0]).toBe('nsm-ha-doctor follow: --format must be bar or json')
    const b = await cli(['--pair', 'nope'])
    expect(b.code).toBe(3)
    expect(b.stderr.trim()).toMatch(/^nsm-ha-doctor follow: no saved pair named "nope" \(saved: lab\)$/)
    const c = await cli(['--pair', 'lab', '--bogus'])
    expect(c.code).toBe(3)
    expect(c.stderr.split('\n')[0]).toMatch(/^nsm-ha-doctor follow: Unknown option '--bogus'/)
  }, 120_000)
})

describe('progress line', () => {
  const node = (role: 'primary' | 'secondary', bytes: number) => ({
    role,
    data: { files: 3, bytes, newest: 'policy.db', newestBytes: 100 },
    log: { files: 1, bytes: 10 },
    execMs: 5,
    wireBytes: 90
  })
  const sample = (share: number, stalled = false): FollowSample => ({
    seq: 1,
    at: '2026-12-01T06:00:00.000Z',
    t: 5,
    replica: 'secondary',
    nodes: { primary: node('primary', 1_048_576), secondary: node('secondary', Math.round(1_048_576 * share)) },
    share,
    logsMatch: false,
    estimate: {
      rateBytesPerSec: 2048,
      remainingBytes: 1000,
      etaSeconds: 75,
      etaLowSeconds: 60,
      etaHighSeconds: null,
      stalled,
      stalledForSeconds: stalled ? 125 : 0
    },
    events: []
  })
  it('bar, share, bytes, rate, ETA with its range (open-ended when unbounded), stalled', () => {
    expect(progressLine(sample(0.5), 10)).toBe('[#####-----] 50.0% 512 KiB/1 MiB (3/3 files)  2 KiB/s  ETA 1:15 (1:00–?)  newest policy.db')
    expect(progressLine(sample(0.25, true), 4)).toMatch(/^\[#---\] 25\.0% .* STALLED 2:05$/)
  })
})
