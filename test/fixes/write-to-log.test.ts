/**
 * fix.enable-write-to-log over real OpenSSH, as an admin runs it on a pair that never logged (no ha.log):
 * the re-check must not call the missing ha.log a regression — HA writes it only from its next start, so
 * rsync.ha-log-errors is `skipped` with that reason (the fix's line in haSvr.cfg is newer than HA's last
 * start) and the fix offers fix.restart-ha as the next step. After that restart ha.log exists and the
 * check passes.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WRITE_TO_LOG_MARK } from '../../src-main/shared/domain/fix'
import type { SimPair } from '../../src-main/simulator'
import { findSshd, startOpenSshPair } from '../../src-main/simulator/openssh'
import { applyFix, buildPlan } from '../../src-main/main/fixes'
import { requireSystem } from '../helpers/system'
import { runChecks, sshConnect, statusOf } from './helpers'

const sshd = requireSystem('sshd', findSshd() !== undefined, 'install openssh-server')

describe.skipIf(!sshd.available)('fix.enable-write-to-log, then fix.restart-ha (real OpenSSH)', () => {
  let sim: SimPair
  beforeAll(async () => {
    sim = await startOpenSshPair({ scenario: 'write-to-log-off' })
  })
  afterAll(async () => {
    await sim?.stop()
  })
  const haLog = (role: 'primary' | 'secondary'): string => join(sim[role].root, 'usr/netscreen/HaSvr/var/errorLog/ha.log')

  it('the missing ha.log is "not yet", not a regression, and HA restart is offered next', async () => {
    const pair = sim.pairConfig('wtl')
    const before = await runChecks(sim, pair.name)
    expect(statusOf(before)['cfg.write-to-log']).toBe('warn')
    expect(statusOf(before)['rsync.ha-log-errors']).toBe('skipped')
    expect(existsSync(haLog('primary'))).toBe(false)

    const plan = buildPlan('fix.enable-write-to-log', { pair, report: before })
    expect(plan.next).toEqual([{ fixId: 'fix.restart-ha', reason: expect.stringContaining('when it starts') }])
    const outcome = await applyFix(plan, {
      connect: (role) => sshConnect(sim, role),
      by: 'test@fixes',
      baseline: before,
      recheck: () => runChecks(sim, pair.name)
    })
    expect(outcome.status, outcome.message).toBe('succeeded')
    expect(outcome.recheck?.regressions).toEqual([])
    expect(outcome.recheck?.stillFailing).toEqual([])
    expect(outcome.message).not.toMatch(/regressed/i)
    expect(outcome.message).toMatch(/; next: fix\.restart-ha \(/)
    expect(outcome.next?.map((n) => n.fixId)).toEqual(['fix.restart-ha'])

    // the fix left its line in haSvr.cfg on both nodes; HA has not restarted, so there is still no ha.log
    for (const role of ['primary', 'secondary'] as const) {
      const cfg = readFileSync(join(sim[role].root, 'usr/netscreen/HaSvr/var/haSvr.cfg'), 'utf8')
      expect(cfg).toMatch(/^highAvail\.writetoLog y$/m)
      expect(cfg).toMatch(new RegExp(`^${WRITE_TO_LOG_MARK} \\d{10} \\(`, 'm'))
      expect(existsSync(haLog(role))).toBe(false)
    }
    const after = await runChecks(sim, pair.name)
    const halog = after.checks.find((c) => c.id === 'rsync.ha-log-errors')!
    expect(halog.status).toBe('skipped')
    expect(halog.summary).toMatch(
      /^primary: no ha\.log yet: logging was enabled after HA's last start .*HA writes ha\.log from its next start \(fix\.restart-ha\)/
    )
    expect(halog.evidence.some((e) => e.excerpt.startsWith(WRITE_TO_LOG_MARK))).toBe(true)
    expect(statusOf(after)['cfg.write-to-log']).toBe('pass')
  }, 240_000)

  it('after fix.restart-ha, ha.log exists and rsync.ha-log-errors passes', async () => {
    const pair = sim.pairConfig('wtl')
    const before = await runChecks(sim, pair.name)
    const plan = buildPlan('fix.restart-ha', { pair, report: before, options: { waitSeconds: 30 } })
    const outcome = await applyFix(plan, {
      connect: (role) => sshConnect(sim, role),
      by: 'test@fixes',
      baseline: before,
      recheck: () => runChecks(sim, pair.name)
    })
    expect(outcome.status, outcome.message).toBe('succeeded')
    expect(outcome.recheck?.regressions).toEqual([])
    for (const role of ['primary', 'secondary'] as const) expect(readFileSync(haLog(role), 'utf8')).toMatch(/highAvail started/)
    const after = await runChecks(sim, pair.name)
    expect(statusOf(after)['rsync.ha-log-errors']).toBe('pass')
    expect(after.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped').map((c) => `${c.id}: ${c.summary}`)).toEqual([])
  }, 240_000)
})
