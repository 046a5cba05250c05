/**
 * Concurrency, defined: two check runs of the same pair at once, and a fix while runs are in progress,
 * all as separate CLI processes on one data directory (one SQLite file, one known_hosts file).
 * Behaviour: nothing waits for anything (checks only read the nodes); every run completes and is saved
 * as its own row; the fix re-checks its preconditions live on the node, runs, writes one audit row; the
 * database stays intact; known_hosts ends with one pin per node; afterwards the fix's effect is seen.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { unzipSync } from 'fflate'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { renderExport } from '../../src-main/main/reports/index'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { checkArgs, collect, runCli, spawnCli, storedRuns, target } from './helpers/cli'

let sim: SimPair
let home: string

beforeAll(async () => {
  sim = await startSimPair({ scenario: 'write-to-log-off' })
  home = mkdtempSync(join(tmpdir(), 'nsmhad-conc-'))
})
afterAll(async () => {
  await sim?.stop()
  if (home) rmSync(home, { recursive: true, force: true })
})

describe('concurrent runs and a fix', () => {
  it('two checks of the same pair and a fix at once: all complete, all saved, DB intact, fix applied', async () => {
    const fixArgs = [
      'fix',
      'fix.enable-write-to-log',
      '--primary',
      target(sim.primary),
      '--secondary',
      target(sim.secondary),
      '--identity',
      sim.primary.clientKeyPath,
      '--known-hosts',
      join(home, 'known_hosts'),
      '--accept-new-host-keys',
      '--nsm-home',
      sim.primary.nsmHome,
      '--nsm-data',
      sim.primary.nsmData,
      '--ha-init',
      sim.primary.haInit,
      '--yes',
      '--format',
      'json'
    ]
    const procs = [spawnCli(checkArgs(sim, home), home), spawnCli(checkArgs(sim, home), home), spawnCli(fixArgs, home)]
    const [a, b, fix] = await Promise.all(procs.map(collect))

    for (const r of [a, b]) {
      expect(r.json, r.stderr).toBeDefined()
      expect(r.json!.state).toBe('completed')
      // each run saw the pair either before or after the fix: write-to-log is warn (off) or pass (fixed)
      expect(['warn', 'pass']).toContain(r.json!.checks.find((c) => c.id === 'cfg.write-to-log')!.status)
    }
    expect(fix.code, `${fix.stdout}\n${fix.stderr}`).toBe(0)

    const db = new Database(join(home, 'nsm-ha-doctor.sqlite'), { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.pragma('foreign_key_check')).toEqual([])
      const audit = db.prepare('SELECT fix_id, result FROM fix_audit').all() as { fix_id: string; result: string }[]
      expect(audit).toEqual([{ fix_id: 'fix.enable-write-to-log', result: 'succeeded' }])
    } finally {
      db.close()
    }
    const runs = storedRuns(home)
    expect(runs.filter((r) => r.state === 'completed').length).toBeGreaterThanOrEqual(2)
    expect(runs.filter((r) => r.state === 'running')).toEqual([])

    // both nodes pinned, one key each, whatever order the three processes pinned in (three processes
    // pinning at once may each append the same line: harmless duplicates, never two different keys)
    const pins = readFileSync(join(home, 'known_hosts'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
    const keysByHost = new Map<string, Set<string>>()
    for (const l of pins) {
      const [host, , key] = l.split(/\s+/)
      keysByHost.set(host, (keysByHost.get(host) ?? new Set()).add(key))
    }
    expect(keysByHost.size).toBe(2)
    for (const [host, keys] of keysByHost) expect(keys.size, host).toBe(1)

    // secrets: the fix read and wrote cfg files holding the HMAC key and the one-time password; neither
    // the data dir (db, wal, logs) nor any export of any stored run (html, md, json, zip entries) holds one
    const secrets = [sim.secrets.hmacKey, sim.secrets.oneTimePassword].filter((x) => x.length >= 4)
    const store = await openAppStore({ dir: home, secretStore: new SessionSecretStore() })
    try {
      for (const run of storedRuns(home)) {
        const report = store.history.getRun(run.id)!
        for (const fmt of ['html', 'markdown', 'json', 'bundle'] as const) {
          const bytes = Buffer.from(renderExport(report, fmt))
          const parts = fmt === 'bundle' ? Object.values(unzipSync(bytes)).map((u) => Buffer.from(u)) : [bytes]
          expect(parts.length).toBeGreaterThan(0)
          for (const part of parts)
            for (const sec of secrets) expect(part.includes(Buffer.from(sec)), `${fmt} export of run ${run.id}`).toBe(false)
        }
      }
      const audit = JSON.stringify(store.db.prepare('SELECT * FROM fix_audit').all())
      for (const sec of secrets) expect(audit.includes(sec)).toBe(false)
    } finally {
      store.close()
    }
    for (const f of readdirSync(home, { recursive: true }) as string[]) {
      const path = join(home, f)
      if (!statSync(path).isFile()) continue
      for (const sec of secrets) expect(readFileSync(path).includes(Buffer.from(sec)), path).toBe(false)
    }

    // afterwards: the fix's effect is what a new run sees, with the pins from the concurrent runs
    const after = await runCli(checkArgs(sim, home, { acceptNew: false }), home)
    expect(after.json, after.stderr).toBeDefined()
    expect(after.json!.checks.find((c) => c.id === 'cfg.write-to-log')!.status).toBe('pass')
  }, 240_000)
})
