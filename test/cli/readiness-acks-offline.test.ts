/**
 * The command line of failover readiness, acknowledgements and offline analysis, with literal exit codes:
 * `check --pair` JSON `readiness` and the nsm_ha_failover_ready metric; `ack` (add, --list, --remove,
 * usage errors) and `--honour-acks` changing exit code and metrics only when given; an acknowledgement
 * ending when its summary changes; `probe-script`; `check --from-files` on collected output.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, parseExposition, saveFleet, stopFleet, type SavedSim } from './fleet-helpers'
import { probeVersion } from '../../src-main/main/offline/collected'
import { collectedFiles } from '../offline/collect-by-hand'
import { memoryHostKeys } from '../diagnostics/collect-over-ssh'

let home: string
let fleet: SavedSim[]

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nsmhad-ready-'))
  fleet = await saveFleet(home, [
    { name: 'good', tags: [], scenario: 'healthy' },
    { name: 'bad', tags: [], scenario: 'hmac-mismatch' }
  ])
}, 120_000)
afterAll(async () => {
  await stopFleet(fleet ?? [])
  rmSync(home, { recursive: true, force: true })
})

const metric = (text: string, name: string, labels: Record<string, string>) =>
  parseExposition(text).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value

describe('failover readiness', () => {
  it('check --pair: JSON readiness ready, exit 0; not-ready with its reasons, exit 2', async () => {
    const good = await cli(['check', '--pair', 'good', '--format', 'json'], home)
    expect(good.code).toBe(0)
    expect(JSON.parse(good.stdout).readiness).toMatchObject({ verdict: 'ready', reasons: [] })
    const bad = await cli(['check', '--pair', 'bad', '--format', 'json'], home)
    expect(bad.code).toBe(2)
    const r = JSON.parse(bad.stdout).readiness
    expect(r.verdict).toBe('not-ready')
    expect(r.reasons.map((x: { check: string; status: string }) => `${x.check} ${x.status}`)).toEqual([
      'ha.heartbeat fail',
      'cfg.hmac-key fail'
    ])
  }, 120_000)

  it('nsm_ha_failover_ready: 1 ready, 0 not ready; the text line names the deciding checks', async () => {
    const p = await cli(['check', '--all', '--format', 'prometheus'], home)
    expect(p.code).toBe(2)
    expect(metric(p.stdout, 'nsm_ha_failover_ready', { pair: 'good' })).toBe(1)
    expect(metric(p.stdout, 'nsm_ha_failover_ready', { pair: 'bad' })).toBe(0)
    const text = await cli(['check', '--pair', 'bad'], home)
    expect(text.stdout).toMatch(/^Failover: not ready: 2 reasons \(ha\.heartbeat fail, cfg\.hmac-key fail\)$/m)
  }, 120_000)
})

describe('ack', () => {
  it('usage errors exit 3 with one line', async () => {
    for (const args of [
      ['ack'],
      ['ack', '--pair', 'bad', '--check', 'cfg.hmac-key', '--reason', 'x', '--for', '31d'],
      ['ack', '--pair', 'bad', '--check', 'no.such', '--reason', 'x', '--for', '7d'],
      ['ack', '--pair', 'bad', '--check', 'cfg.hmac-key', '--for', '7d'],
      ['ack', '--pair', 'bad', '--check', 'cfg.hmac-key', '--reason', 'x', '--for', 'soon'],
      ['ack', '--list', '--remove']
    ]) {
      const r = await cli(args, home)
      expect(r.code, args.join(' ')).toBe(3)
      expect(r.stderr.split('\n')[0], args.join(' ')).toMatch(/^nsm-ha-doctor ack: /)
    }
    const passing = await cli(['ack', '--pair', 'good', '--check', 'cfg.hmac-key', '--reason', 'x', '--for', '7d'], home)
    expect(passing.code).toBe(3)
    expect(passing.stderr).toMatch(/cfg\.hmac-key is pass in the newest run: only a failing, warning or unknown check can be acknowledged/)
  }, 60_000)

  it('acknowledged checks: exit code and metrics change only with --honour-acks; --list, --remove, the audit', async () => {
    await cli(['check', '--pair', 'bad', '--format', 'json'], home)
    for (const check of ['cfg.hmac-key', 'ha.heartbeat']) {
      const a = await cli(['ack', '--pair', 'bad', '--check', check, '--reason', 'key rotation on Monday (CHG-1234)', '--for', '7d'], home)
      expect(a.code, a.stderr).toBe(0)
      expect(a.stdout).toMatch(
        new RegExp(`^acknowledged: bad  ${check.replace('.', '\\.')} \\(fail\\)  by .+: key rotation on Monday \\(CHG-1234\\)$`, 'm')
      )
    }
    const list = await cli(['ack', '--list', '--pair', 'bad', '--format', 'json'], home)
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout).map((a: { checkId: string }) => a.checkId)).toEqual(['cfg.hmac-key', 'ha.heartbeat'])

    const plain = await cli(['check', '--pair', 'bad', '--format', 'json'], home)
    expect(plain.code).toBe(2)
    expect(JSON.parse(plain.stdout).checks.find((c: { id: string }) => c.id === 'cfg.hmac-key').acknowledged.reason).toBe(
      'key rotation on Monday (CHG-1234)'
    )
    const honoured = await cli(['check', '--pair', 'bad', '--honour-acks', '--format', 'nagios'], home)
    expect(honoured.code).toBe(0)
    expect(honoured.stdout).toMatch(/^FAIL cfg\.hmac-key: .*\(acknowledged\)$/m)
    const prom = await cli(['check', '--all', '--format', 'prometheus'], home)
    expect(prom.code).toBe(2)
    expect(metric(prom.stdout, 'nsm_ha_pair_status', { pair: 'bad' })).toBe(2)
    expect(metric(prom.stdout, 'nsm_ha_check_status', { pair: 'bad', check: 'cfg.hmac-key' })).toBe(2)
    const lines = await cli(['check', '--all'], home)
    expect(lines.code).toBe(2)
    expect(lines.stdout).toMatch(/^FAIL +bad .*, failover not ready .*cfg\.hmac-key=fail\(acknowledged\)/m)
    const promHonoured = await cli(['check', '--all', '--honour-acks', '--format', 'prometheus'], home)
    expect(promHonoured.code).toBe(0)
    expect(metric(promHonoured.stdout, 'nsm_ha_pair_status', { pair: 'bad' })).toBe(0)
    expect(metric(promHonoured.stdout, 'nsm_ha_check_status', { pair: 'bad', check: 'cfg.hmac-key' })).toBeUndefined()
    expect(metric(promHonoured.stdout, 'nsm_ha_check_acknowledged', { pair: 'bad', check: 'cfg.hmac-key' })).toBe(1)
    // readiness is about the pair, not about alerts: still not ready
    expect(metric(promHonoured.stdout, 'nsm_ha_failover_ready', { pair: 'bad' })).toBe(0)

    const removed = await cli(['ack', '--remove', '--pair', 'bad', '--check', 'ha.heartbeat'], home)
    expect(removed.code).toBe(0)
    const again = await cli(['ack', '--remove', '--pair', 'bad', '--check', 'ha.heartbeat'], home)
    expect(again.code).toBe(3)
    expect((await cli(['check', '--pair', 'bad', '--honour-acks', '--format', 'json'], home)).code).toBe(2)

    // a different failure re-arms the alert: the summary changes, the acknowledgement ends by itself
    await fleet[1].sim!.applyScenario('healthy')
    expect((await cli(['check', '--pair', 'bad', '--honour-acks'], home)).code).toBe(0)
    const open = await cli(['ack', '--list', '--pair', 'bad'], home)
    expect(open.stdout.trim()).toBe('no open acknowledgements')
    const audit = await cli(['ack', '--list', '--ended', '--pair', 'bad'], home)
    expect(audit.stdout).toMatch(/cfg\.hmac-key .* ended .* \(passed: pass: /)
    expect(audit.stdout).toMatch(/ha\.heartbeat .* ended .* \(removed\) by /)
    await fleet[1].sim!.applyScenario('hmac-mismatch')
  }, 240_000)
})

describe('offline', () => {
  it('probe-script prints the probe (exit 0); a bad role or path is a usage error (exit 3)', async () => {
    const r = await cli(['probe-script', '--nsm-home', '/opt/nsm'], home)
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith('#!/bin/sh\n')).toBe(true)
    expect(r.stdout).toContain(`@@NSMHAD-OFFLINE probe=${probeVersion()} role=primary `)
    expect((await cli(['probe-script', '--role', 'tertiary'], home)).code).toBe(3)
    expect((await cli(['probe-script', '--nsm-home', 'relative'], home)).code).toBe(3)
  })

  it('check --from-files on collected output: the checks, exit 0, saved in the history marked offline', async () => {
    const dir = join(home, 'collected')
    mkdirSync(dir)
    const files = await collectedFiles(fleet[0].sim!, dir, memoryHostKeys())
    const r = await cli(
      ['check', '--from-files', `primary=${files.primary}`, `secondary=${files.secondary}`, '--name', 'good', '--format', 'json'],
      home
    )
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.checks.find((c: { id: string }) => c.id === 'sys.reachable')).toMatchObject({ status: 'skipped' })
    expect(report.checks.find((c: { id: string }) => c.id === 'cfg.hmac-key')).toMatchObject({ status: 'pass' })
    expect(report.nodes.primary.collected).toMatchObject({ offline: true, file: 'primary.txt' })
    expect(report.readiness.verdict).toBe('unknown')
    expect(report.readiness.reasons.map((x: { check: string }) => x.check)).toEqual(['sys.clock-skew'])
    const history = await cli(['history', '--pair', 'good', '--format', 'json'], home)
    expect(history.code).toBe(0)
    const runId = JSON.parse(history.stdout).runs[0].id
    expect(runId).toBe(report.runId)
    const text = await cli(
      ['check', '--from-files', `primary=${files.primary}`, `secondary=${files.secondary}`, '--name', 'good', '--format', 'nagios'],
      home
    )
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^NSM-HA OK - good: .*; Failover: unknown: 1 precondition not known \|/)
    const swapped = await cli(['check', '--from-files', `primary=${files.secondary}`, `secondary=${files.primary}`], home)
    expect(swapped.code).toBe(3)
    expect(swapped.stderr.trim()).toBe(
      "nsm-ha-doctor check: primary file secondary.txt: collected with the secondary's probe, given as primary="
    )
  }, 120_000)

  it('check --from-files: garbage and missing halves exit 3 with one line', async () => {
    const junk = join(home, 'junk.txt')
    writeFileSync(junk, 'not a probe\n')
    const r = await cli(['check', '--from-files', `primary=${junk}`, `secondary=${junk}`], home)
    expect(r.code).toBe(3)
    expect(r.stderr.trim()).toBe(
      'nsm-ha-doctor check: primary file junk.txt: not a probe output (no NSM HA Doctor header on its first line)'
    )
    const half = await cli(['check', '--from-files', `primary=${junk}`], home)
    expect(half.code).toBe(3)
    expect(half.stderr.trim()).toBe('nsm-ha-doctor check: --from-files needs both primary=FILE and secondary=FILE')
  })
})
