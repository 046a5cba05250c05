/**
 * Every refusal of the fix executor, against the simulated pair over real SSH: the wrong node for a re-sync
 * (at plan time and when the pair changed before apply), failover when not in-sync or with a peer down, a
 * repeat within 10 minutes without acknowledgement, a missing/wrong typed confirmation, no disk room without
 * the delete acknowledgement; and a failing step that stops the fix and says what state it left.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ScenarioName } from '../../src-main/shared/domain/scenario'
import { startSimPair, type SimPair } from '../../src-main/simulator'
import { openDatabase, type Db } from '../../src-main/main/db/database'
import { FixAuditRepo } from '../../src-main/main/db/fix-audit-repo'
import { applyFix, buildPlan, type ApplyOptions } from '../../src-main/main/fixes'
import { runChecks, sshConnect } from './helpers'

let sim: SimPair
let dir: string
let db: Db
let audit: FixAuditRepo
let n = 0

beforeAll(async () => {
  sim = await startSimPair({ scenario: 'healthy' })
  dir = mkdtempSync(join(tmpdir(), 'nsmhad-refuse-'))
  db = openDatabase(join(dir, 'audit.sqlite'))
  audit = new FixAuditRepo(db)
}, 120_000)
afterAll(async () => {
  db?.close()
  await sim?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** a fresh scenario and a pair name of its own (the 10-minute rule is per pair) */
async function scenario(name: ScenarioName) {
  await sim.applyScenario(name)
  const pair = sim.pairConfig(`refuse-${name}-${++n}`)
  return { pair, report: await runChecks(sim, pair.name) }
}

function opts(extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return { connect: (role) => sshConnect(sim, role), audit, by: 'test@refusals', ...extra }
}

const xdbData = (role: 'primary' | 'secondary') => join(sim[role].root, 'var/netscreen/GuiSvr/xdb/data')

describe('re-sync', () => {
  test('refused on the active node (plan time and live), nothing runs', async () => {
    const { pair, report } = await scenario('db-panic')
    const plan = buildPlan('fix.resync-standby', { pair, report, options: { targetNode: 'primary' } })
    const pre = plan.preconditions.find((p) => p.id === 'target-is-standby')!
    expect(pre.ok).toBe(false)
    expect(pre.measured).toBe('haStatus: running')
    const before = readdirSync(xdbData('primary')).length
    const out = await applyFix(plan, opts({ confirmation: pair.name }))
    expect(out.status).toBe('refused')
    expect(out.message).toBe('re-sync refused: target node is the active node (haStatus: running)')
    expect(out.refusal).toEqual({ precondition: 'target node is the active node', measured: 'haStatus: running' })
    expect(out.steps).toEqual([])
    expect(out.stateLeft).toMatch(/^unchanged/)
    expect(readdirSync(xdbData('primary')).length).toBe(before)
    const rows = audit.recent(pair.name, 'fix.resync-standby', 0)
    expect(rows.map((r) => r.result)).toEqual(['refused'])
  })

  test('refused live when the standby became active after the plan was built', async () => {
    const { pair, report } = await scenario('db-panic')
    const plan = buildPlan('fix.resync-standby', { pair, report })
    expect(plan.preconditions.every((p) => p.ok)).toBe(true)
    // a normal failover happens meanwhile: the secondary takes over
    const ex = await sshConnect(sim, 'primary')
    await ex.exec(`${sim.primary.haInit} stop`)
    ex.close()
    const out = await applyFix(plan, opts({ confirmation: pair.name }))
    expect(out.status).toBe('refused')
    expect(out.message).toBe('re-sync refused: target node is the active node (haStatus: running)')
    expect(readdirSync(xdbData('secondary')).length).toBeGreaterThan(1)
  })
})

describe('failover', () => {
  test('refused when replication is not in-sync', async () => {
    const { pair, report } = await scenario('replication-in-progress')
    const plan = buildPlan('fix.failover', { pair, report })
    const out = await applyFix(plan, opts({ confirmation: pair.name }))
    expect(out.status).toBe('refused')
    // the precondition is the run's failover readiness verdict: replication not in-sync and the standby not caught up
    expect(out.message).toMatch(
      /^failover refused: the pair is not ready for a failover \(Failover: not ready: \d+ reasons \(.*ha\.db-replication warn/
    )
    expect(out.message).toContain('repl.secondary-startup warn')
    expect(plan.preconditions[0]).toMatchObject({ id: 'failover-ready', ok: false })
    expect(out.steps).toEqual([])
  })

  test('refused when a peer is down', async () => {
    const { pair, report } = await scenario('peer-services-down')
    const plan = buildPlan('fix.failover', { pair, report })
    const out = await applyFix(plan, opts({ confirmation: pair.name }))
    expect(out.status).toBe('refused')
    expect(out.message).toMatch(/^failover refused: the pair is not ready for a failover \(Failover: not ready: .*ha\.services fail/)
  })

  test('ready in the latest run, but the peer stopped since: refused by the live re-check', async () => {
    const { pair, report } = await scenario('healthy')
    const plan = buildPlan('fix.failover', { pair, report })
    expect(plan.preconditions[0]).toMatchObject({ id: 'failover-ready', ok: true, measured: 'Failover: ready' })
    // one list: the verdict, then each precondition of the readiness with its deciding check
    expect(plan.preconditions.map((p) => p.id)).toEqual([
      'failover-ready',
      'ha-enabled',
      'ha-services-primary',
      'ha-services-secondary',
      'heartbeat-primary',
      'heartbeat-secondary',
      'hmac-key',
      'ssh-trust',
      'first-direct-sync',
      'standby-caught-up',
      'no-db-panic',
      'db-repl-in-sync-primary',
      'same-version',
      'standby-disk',
      'clocks',
      'no-split-brain',
      'shared-disk',
      'active-running'
    ])
    expect(plan.preconditions.every((p) => p.ok)).toBe(true)
    const ex = await sshConnect(sim, 'secondary')
    await ex.exec(`${sim.secondary.haInit} stop`)
    ex.close()
    const out = await applyFix(plan, opts({ confirmation: pair.name }))
    expect(out.status).toBe('refused')
    expect(out.message).toBe(
      'failover refused: HA processes are not both running on the secondary (highAvail stopped, highAvailSvr stopped)'
    )
  })

  test('a normal failover on a healthy pair: the standby takes over, the old active rejoins as standby', async () => {
    const { pair, report } = await scenario('healthy')
    const plan = buildPlan('fix.failover', { pair, report, options: { waitSeconds: 30 } })
    const out = await applyFix(plan, opts({ confirmation: pair.name, recheck: () => runChecks(sim, pair.name), baseline: report }))
    expect(out.status, out.stateLeft).toBe('succeeded')
    const ex = await sshConnect(sim, 'secondary')
    const hs = await ex.exec(`${sim.secondary.nsmHome}/HaSvr/utils/haStatus`)
    ex.close()
    expect(hs.stdout).toMatch(/Local Server : \S+\s+running/)
    expect(hs.stdout).toMatch(/Peer Server {2}: \S+\s+standby/)
    expect(out.recheck?.stillFailing).toEqual([])
  })
})

describe('confirmation, repeat, disk room', () => {
  test('destructive fix without or with a wrong typed confirmation is refused', async () => {
    const { pair, report } = await scenario('db-panic')
    const plan = buildPlan('fix.resync-standby', { pair, report })
    expect(plan.destructive).toBe(true)
    expect(plan.confirmationRequired).toBe(pair.name)
    const files = readdirSync(xdbData('secondary')).length
    const none = await applyFix(plan, opts())
    expect(none.status).toBe('refused')
    expect(none.message).toMatch(/typed confirmation missing/)
    const wrong = await applyFix(plan, opts({ confirmation: 'yes' }))
    expect(wrong.status).toBe('refused')
    expect(wrong.message).toMatch(/typed confirmation does not match/)
    expect(readdirSync(xdbData('secondary')).length).toBe(files)
  })

  test('the same fix on the same pair within 10 minutes needs an acknowledgement', async () => {
    const { pair, report } = await scenario('write-to-log-off')
    let now = Date.now()
    const clock = () => now
    const first = await applyFix(buildPlan('fix.enable-write-to-log', { pair, report }), opts({ now: clock }))
    expect(first.status).toBe('succeeded')
    now += 5 * 60_000
    const again = buildPlan('fix.enable-write-to-log', { pair, report, now })
    const refused = await applyFix(again, opts({ now: clock }))
    expect(refused.status).toBe('refused')
    expect(refused.message).toMatch(
      /less than 10 minutes ago and the repeat was not acknowledged \(1 execution\(s\) in the last 10 minutes\)/
    )
    const acked = await applyFix(again, opts({ now: clock, acknowledgeRepeat: true }))
    expect(acked.status).toBe('succeeded')
    now += 11 * 60_000
    const later = await applyFix(buildPlan('fix.enable-write-to-log', { pair, report, now }), opts({ now: clock }))
    expect(later.status).toBe('succeeded')
  })

  test('no disk room: the plan deletes instead of moving and needs the explicit delete acknowledgement', async () => {
    await sim.applyScenario('db-panic')
    writeFileSync(join(sim.secondary.root, '.sim/state/disk-used-pct'), '100\n')
    const pair = sim.pairConfig(`refuse-full-${++n}`)
    const report = await runChecks(sim, pair.name)
    const plan = buildPlan('fix.resync-standby', { pair, report, options: { waitSeconds: 30 } })
    expect(plan.deleteAcknowledgementRequired).toBe(true)
    expect(plan.backups.filter((b) => b.what.startsWith('xdb/')).every((b) => b.method === 'delete')).toBe(true)
    expect(plan.destroys.join(' ')).toMatch(/DELETED/)
    const refused = await applyFix(plan, opts({ confirmation: pair.name }))
    expect(refused.status).toBe('refused')
    expect(refused.message).toMatch(/no disk room for a backup and deleting the database files was not explicitly acknowledged/)
    expect(readdirSync(xdbData('secondary')).length).toBeGreaterThan(1)
    const done = await applyFix(plan, opts({ confirmation: pair.name, acknowledgeDelete: true }))
    expect(done.status, done.stateLeft).toBe('succeeded')
    expect(readdirSync(join(sim.secondary.root, 'var/netscreen/GuiSvr')).filter((f) => f.startsWith('xdb.backup-'))).toEqual([])
  })

  test('room checked live: the disk filled after the plan was built', async () => {
    const { pair, report } = await scenario('db-panic')
    const plan = buildPlan('fix.resync-standby', { pair, report })
    expect(plan.deleteAcknowledgementRequired).toBe(false)
    writeFileSync(join(sim.secondary.root, '.sim/state/disk-used-pct'), '100\n')
    const out = await applyFix(plan, opts({ confirmation: pair.name }))
    expect(out.status).toBe('refused')
    expect(out.message).toMatch(/^re-sync refused: not enough free space on the secondary to keep a backup \(0 KiB free, \d+ KiB needed\)$/)
  })
})

describe('a failing step', () => {
  test('stops there, still puts services back, and says what state the pair was left in', async () => {
    // .haDoDirect cannot succeed while the trust is broken
    const { pair, report } = await scenario('ssh-trust-broken')
    const plan = buildPlan('fix.rerun-dodirect', { pair, report, options: { waitSeconds: 20 } })
    const out = await applyFix(plan, opts({ recheck: () => runChecks(sim, pair.name) }))
    expect(out.status).toBe('failed')
    const failed = out.steps.find((s) => s.status === 'failed')!
    expect(failed.stepId).toBe('run-dodirect')
    expect(out.steps.find((s) => s.stepId === 'show-result')?.status).toBe('skipped')
    expect(out.steps.filter((s) => s.stepId.startsWith('start-') || s.stepId.startsWith('wait-')).every((s) => s.status === 'ok')).toBe(
      true
    )
    expect(out.stateLeft).toMatch(
      /^stopped at step 4\/7 "Run \.haDoDirect on the primary as the NSM rsync user nsm" on the primary \(exit 1\)\. Before it: HA stopped on the secondary; the primary unchanged; then HA running on both nodes/
    )
    expect(out.recheck?.stillFailing).toContain('rsync.dodirect-result')
    expect(audit.recent(pair.name, 'fix.rerun-dodirect', 0)[0].result).toBe('failed')
  })
})
