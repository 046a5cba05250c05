/**
 * fix.repair-ssh-trust on a pair whose haSvr.cfg gives the addresses as highAvail.primaryServerIp /
 * secondaryServerIp (the `cfg-server-ip` variant, docs/nsm-formats.md A-1): the plan reads the peer from the
 * resolved pair (no highAvail.peerIpAddr there), verifies each direction against it, and check → fix → check
 * ends with ssh.trust passing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSimPair, type SimPair } from '../../src-main/simulator'
import { applyFix, buildPlan, MemoryFixAudit } from '../../src-main/main/fixes'
import { runChecks, sshConnect, statusOf } from './helpers'

let sim: SimPair
beforeAll(async () => {
  sim = await startSimPair({ scenario: 'ssh-trust-broken', variant: 'cfg-server-ip' })
}, 60_000)
afterAll(async () => {
  await sim?.stop()
})

describe('fix.repair-ssh-trust with the server-ip address layout', () => {
  test('the peer comes from highAvail.primaryServerIp / secondaryServerIp; check → fix → check passes', async () => {
    const pair = sim.pairConfig('server-ip')
    const before = await runChecks(sim, pair.name)
    expect(statusOf(before)['ssh.trust']).toBe('fail')
    expect(statusOf(before)['cfg.addresses']).toBe('pass')
    const plan = buildPlan('fix.repair-ssh-trust', { pair, report: before })
    expect(plan.blockers).toEqual([])
    expect(plan.ready).toBe(true)
    const verify = plan.steps.filter((s) => s.id.startsWith('verify-')).map((s) => s.title)
    expect(verify).toEqual([
      'Verify: ssh -o BatchMode=yes from the primary to 127.0.0.12 as nsm',
      'Verify: ssh -o BatchMode=yes from the secondary to 127.0.0.11 as nsm'
    ])
    const out = await applyFix(plan, { connect: (r) => sshConnect(sim, r), confirmation: pair.name, audit: new MemoryFixAudit() })
    expect(out.status, out.stateLeft).toBe('succeeded')
    const after = await runChecks(sim, pair.name)
    expect(statusOf(after)['ssh.trust']).toBe('pass')
  }, 180_000)
})
