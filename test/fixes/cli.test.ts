/**
 * `nsm-ha-doctor fix` end to end: the real CLI (bin → bundle) against the simulated pair with ad-hoc
 * targets: --dry-run prints the exact plan, --yes applies a non-destructive fix (exit 0, audit row in the
 * data dir's SQLite), a destructive fix with --yes but without --confirm is refused (3), with it runs (0).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSimPair, type SimPair } from '../../src-main/simulator'
import { openDatabase } from '../../src-main/main/db/database'
import { FixAuditRepo } from '../../src-main/main/db/fix-audit-repo'

const BIN = join(__dirname, '../../bin/nsm-ha-doctor.mjs')
let sim: SimPair
let home: string

beforeAll(async () => {
  sim = await startSimPair({ scenario: 'write-to-log-off' })
  home = mkdtempSync(join(tmpdir(), 'nsmhad-fixcli-'))
}, 120_000)
afterAll(async () => {
  await sim?.stop()
  rmSync(home, { recursive: true, force: true })
})

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = sim.primary
  const s = sim.secondary
  const target = [
    '--primary',
    `${p.user}@${p.host}:${p.port}`,
    '--secondary',
    `${s.user}@${s.host}:${s.port}`,
    '--password-env',
    'SIM_PW',
    '--accept-new-host-keys',
    '--name',
    'cli-sim',
    '--nsm-home',
    p.nsmHome,
    '--nsm-data',
    p.nsmData,
    '--ha-init',
    p.haInit
  ]
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'fix', ...args, ...target], {
      env: { ...process.env, SIM_PW: p.password, NSM_HA_DOCTOR_HOME: home, CI: process.env.CI ?? '' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('nsm-ha-doctor fix', () => {
  test('usage errors exit 3', async () => {
    expect((await cli(['fix.nope'])).code).toBe(3)
    expect((await cli(['align-hmac-key', '--source', 'both'])).code).toBe(3)
  }, 120_000)

  test('--dry-run prints the plan with the exact commands and changes nothing', async () => {
    const r = await cli(['enable-write-to-log', '--dry-run'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('fix.enable-write-to-log')
    expect(r.stdout).toContain(`cp -p ${sim.primary.nsmHome}/HaSvr/var/haSvr.cfg ${sim.primary.nsmHome}/HaSvr/var/haSvr.cfg.`)
    expect(r.stdout).toContain('cfg.write-to-log')
    expect(readFileSync(join(sim.primary.root, 'usr/netscreen/HaSvr/var/haSvr.cfg'), 'utf8')).toMatch(/^highAvail\.writetoLog n$/m)
  }, 120_000)

  test('not a terminal and no --yes: refused (3); with --yes: applied (0) and audited', async () => {
    expect((await cli(['enable-write-to-log'])).code).toBe(3)
    const r = await cli(['enable-write-to-log', '--yes'])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/result: succeeded/)
    // HA writes ha.log only from its next start: no regression reported, the restart offered next
    expect(r.stdout).not.toMatch(/REGRESSED/)
    expect(r.stdout).toMatch(/; next: fix\.restart-ha \(HA reads highAvail\.writetoLog when it starts/)
    expect(readFileSync(join(sim.primary.root, 'usr/netscreen/HaSvr/var/haSvr.cfg'), 'utf8')).toMatch(/^highAvail\.writetoLog y$/m)
    const db = openDatabase(join(home, 'nsm-ha-doctor.sqlite'))
    try {
      const rows = new FixAuditRepo(db).recent('cli-sim', 'fix.enable-write-to-log', 0)
      expect(rows.map((x) => x.result)).toEqual(['succeeded'])
    } finally {
      db.close()
    }
    // the same fix again within 10 minutes: refused without --ack-repeat
    const again = await cli(['enable-write-to-log', '--yes'])
    expect(again.code).toBe(3)
    expect(again.stderr).toMatch(/less than 10 minutes ago/)
  }, 180_000)

  test('destructive: --yes without --confirm is refused (3); with --confirm the pair name it runs (0)', async () => {
    await sim.applyScenario('db-panic')
    const refused = await cli(['resync-standby', '--yes'])
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/destructive: confirm with --confirm "cli-sim"/)
    const wrong = await cli(['resync-standby', '--yes', '--confirm', 'other'])
    expect(wrong.code).toBe(3)
    const ok = await cli(['resync-standby', '--yes', '--confirm', 'cli-sim', '--wait', '30'])
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/replication complete/)
  }, 240_000)
})
