/**
 * The CLI killed mid-run (SIGKILL while the probe runs): the next start marks the run `interrupted`,
 * nothing stored before is lost, the database is intact, no secret reached the disk, and the next run
 * works. Also the CLI's own answer to an unreachable node: a completed, saved run and a one-line reason.
 */
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_IDS } from '../../src-main/shared/domain/check'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { checkArgs, runCli, spawnCli, collect, storedRuns, isOneLine } from './helpers/cli'

let sim: SimPair
let home: string

beforeAll(async () => {
  sim = await startSimPair()
  home = mkdtempSync(join(tmpdir(), 'nsmhad-cli-'))
})
afterAll(async () => {
  await sim?.stop()
  if (home) rmSync(home, { recursive: true, force: true })
})

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50))
  if (!cond()) throw new Error(`timed out waiting for ${what}`)
}

describe('CLI killed mid-run', () => {
  it('SIGKILL during the probe: next start marks the run interrupted, earlier runs intact, no secret on disk', async () => {
    // 1. a normal run first
    const first = await runCli(checkArgs(sim, home), home)
    expect(first.json, first.stderr).toBeDefined()
    expect([0, 1, 2]).toContain(first.code)
    expect(storedRuns(home).map((r) => r.state)).toEqual(['completed'])

    // 2. a run that hangs in haStatus on the secondary, killed while it hangs
    const hs = join(sim.secondary.root, 'usr/netscreen/HaSvr/utils/haStatus')
    const original = readFileSync(hs, 'utf8')
    const marker = join(home, 'hang-marker')
    writeFileSync(hs, `#!/bin/sh\ntouch '${marker}'\nsleep 120\n`)
    chmodSync(hs, 0o755)
    try {
      const child = spawnCli(checkArgs(sim, home), home)
      const done = collect(child)
      await waitFor(() => existsSync(marker), 'the probe to reach haStatus')
      await waitFor(() => storedRuns(home).some((r) => r.state === 'running'), 'the running row')
      child.kill('SIGKILL')
      const killed = await done
      expect(killed.signal).toBe('SIGKILL')
    } finally {
      writeFileSync(hs, original)
      chmodSync(hs, 0o755)
    }
    expect(storedRuns(home).map((r) => r.state)).toEqual(['completed', 'running'])

    // 3. next start
    const store = await openAppStore({ dir: home, secretStore: new SessionSecretStore() })
    try {
      expect(store.interruptedOnOpen).toBe(1)
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
      const rows = storedRuns(home)
      expect(rows.map((r) => r.state)).toEqual(['completed', 'interrupted'])
      const kept = store.history.getRun(rows[0].id)
      expect(kept?.checks.map((c) => c.id)).toEqual([...CHECK_IDS])
      expect(kept?.nodes.primary.reachable).toBe(true)
    } finally {
      store.close()
    }

    // 4. no secret of the pair anywhere in the data dir (db, wal, logs, known_hosts)
    const secrets = [sim.secrets.hmacKey, sim.secrets.oneTimePassword, sim.secrets.password].filter((s) => s.length >= 4)
    const files = (function walk(d: string): string[] {
      return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]))
    })(home)
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) for (const s of secrets) expect(readFileSync(f).includes(Buffer.from(s)), `${f} holds a secret`).toBe(false)

    // 5. the next run works and is saved
    const again = await runCli(checkArgs(sim, home), home)
    expect(again.json?.state).toBe('completed')
    expect(storedRuns(home).map((r) => r.state)).toEqual(['completed', 'interrupted', 'completed'])
  }, 180_000)
})

describe('CLI with an unreachable node', () => {
  it('exit 3 (a connection error), a one-line reason, JSON of a completed run, and the run saved', async () => {
    const before = storedRuns(home).length
    const r = await runCli(checkArgs(sim, home, { secondary: `${sim.secondary.user}@127.0.0.1:1` }), home)
    expect(r.code).toBe(3)
    expect(r.json, r.stderr).toBeDefined()
    expect(r.json!.state).toBe('completed')
    expect(r.json!.checks.map((c) => c.id)).toEqual([...CHECK_IDS])
    expect(r.json!.nodes.secondary.reachable).toBe(false)
    expect(isOneLine(r.json!.nodes.secondary.error)).toBe(true)
    expect(r.json!.nodes.secondary.error).toMatch(/refused/i)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const rows = storedRuns(home)
    expect(rows.length).toBe(before + 1)
    expect(rows[rows.length - 1].state).toBe('completed')
  }, 120_000)
})
