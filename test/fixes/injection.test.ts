/**
 * Hostile values read from a server's config (rsync user with `;`, `$(...)`, backticks, a newline; a peer
 * address with `;`) are refused with a clear message and never execute: a canary file proves it. A hostile
 * one-time password in the database is carried as data only (written literally, never run).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { FixId } from '../../src-main/shared/domain/fix'
import { startSimPair, type SimPair } from '../../src-main/simulator'
import { applyFix, buildPlan, MemoryFixAudit } from '../../src-main/main/fixes'
import { runChecks, sshConnect } from './helpers'

let sim: SimPair
let dir: string
let canary: string

beforeAll(async () => {
  sim = await startSimPair({ scenario: 'healthy' })
  dir = mkdtempSync(join(tmpdir(), 'nsmhad-inject-'))
  canary = join(dir, 'pwned')
}, 120_000)
afterAll(async () => {
  await sim?.stop()
  rmSync(dir, { recursive: true, force: true })
})

function editCfg(role: 'primary' | 'secondary', file: string, key: string, value: string): void {
  const p = join(sim[role].root, 'usr/netscreen', file)
  const text = readFileSync(p, 'utf8')
  const re = new RegExp(`^${key.replace(/\./g, '\\.')} .*$`, 'm')
  writeFileSync(p, re.test(text) ? text.replace(re, () => `${key} ${value}`) : `${text}${key} ${value}\n`)
}

const hostileUsers = (c: string) => [
  `nsm;touch ${c}`,
  `$(touch ${c})`,
  `\`touch ${c}\``,
  `nsm|touch ${c}`,
  `nsm&&touch ${c}`,
  `-oProxyCommand=touch ${c}`,
  `nsm\ttouch ${c}`
]

describe('hostile rsync user', () => {
  test.each(hostileUsers('CANARY').map((v, i) => [i, v]))('value %i (%s) is refused and never executes', async (i) => {
    const value = hostileUsers(canary)[i as number]
    await sim.applyScenario('ssh-trust-broken')
    for (const role of ['primary', 'secondary'] as const) editCfg(role, 'HaSvr/var/haSvr.cfg', 'highAvail.rsyncUser', value)
    const pair = sim.pairConfig(`inject-${i}`)
    const report = await runChecks(sim, pair.name)
    for (const fixId of ['fix.repair-ssh-trust', 'fix.rerun-dodirect'] as FixId[]) {
      const plan = buildPlan(fixId, { pair, report })
      expect(plan.ready).toBe(false)
      expect(plan.steps).toEqual([])
      expect(plan.blockers.join(' ')).toMatch(/highAvail\.rsyncUser on the primary ".*" is not safe to use in a shell command/)
      const out = await applyFix(plan, { connect: (r) => sshConnect(sim, r), confirmation: pair.name, audit: new MemoryFixAudit() })
      expect(out.status).toBe('refused')
      expect(out.message).toMatch(/is not safe to use in a shell command/)
    }
    expect(existsSync(canary)).toBe(false)
  })

  test('a newline in the value: the config line is cut there and the rest never runs', async () => {
    await sim.applyScenario('ssh-trust-broken')
    for (const role of ['primary', 'secondary'] as const)
      editCfg(role, 'HaSvr/var/haSvr.cfg', 'highAvail.rsyncUser', `nsm\ntouch ${canary}\n$(touch ${canary})`)
    const pair = sim.pairConfig('inject-newline')
    const report = await runChecks(sim, pair.name)
    const plan = buildPlan('fix.repair-ssh-trust', { pair, report })
    // "nsm" is what the config says; the next lines are not values of any key
    expect(plan.ready).toBe(true)
    const out = await applyFix(plan, { connect: (r) => sshConnect(sim, r), audit: new MemoryFixAudit() })
    expect(out.status, out.stateLeft).toBe('succeeded')
    expect(existsSync(canary)).toBe(false)
  })

  test('a hostile peer address is refused', async () => {
    await sim.applyScenario('ssh-trust-broken')
    editCfg('primary', 'HaSvr/var/haSvr.cfg', 'highAvail.peerIpAddr', `127.0.0.12;touch ${canary}`)
    const pair = sim.pairConfig('inject-peer')
    const report = await runChecks(sim, pair.name)
    const plan = buildPlan('fix.repair-ssh-trust', { pair, report })
    expect(plan.ready).toBe(false)
    expect(plan.blockers[0]).toMatch(/^highAvail\.peerIpAddr on the primary "127\.0\.0\.12;touch .*" is not safe to use in a shell command/)
    expect(existsSync(canary)).toBe(false)
  })
})

describe('hostile one-time password in the database', () => {
  test.each([`$(touch CANARY)`, '`touch CANARY`', `x';touch CANARY;'`, 'a"; touch CANARY; "b', 'back\\slash\\n'])(
    'is carried as data: %s',
    async (raw) => {
      const value = raw.replace('CANARY', canary)
      await sim.applyScenario('one-time-password-mismatch')
      for (const role of ['primary', 'secondary'] as const) {
        const db = join(sim[role].root, 'var/netscreen/GuiSvr/xdb/data/shadow_server.db')
        writeFileSync(
          db,
          readFileSync(db, 'utf8').replace(/^:clientOneTimePassword \(.*\)$/m, () => `:clientOneTimePassword (${value})`)
        )
      }
      const pair = sim.pairConfig(`inject-otp-${raw.length}`)
      const report = await runChecks(sim, pair.name)
      const plan = buildPlan('fix.align-one-time-password', { pair, report, options: { waitSeconds: 20 } })
      expect(JSON.stringify(plan)).not.toContain(value)
      const lines: string[] = []
      const audit = new MemoryFixAudit()
      const out = await applyFix(plan, {
        connect: (r) => sshConnect(sim, r),
        confirmation: pair.name,
        audit,
        onOutput: (l) => lines.push(l)
      })
      expect(out.status, `${out.stateLeft}\n${lines.join('\n')}`).toBe('succeeded')
      expect(existsSync(canary)).toBe(false)
      for (const role of ['primary', 'secondary'] as const) {
        const cfg = readFileSync(join(sim[role].root, 'usr/netscreen/GuiSvr/var/guiSvr.cfg'), 'utf8')
        expect(cfg.split('\n')).toContain(`guiSvr.clientOneTimePassword ${value}`)
      }
      expect(lines.join('\n')).not.toContain(value)
      expect(JSON.stringify(audit.entries)).not.toContain(value)
    },
    120_000
  )
})
