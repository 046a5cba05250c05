/**
 * `nsm-ha-doctor check --all` over simulated pairs saved in a temp store, at several scenarios (and one
 * pair nobody answers for): one line per pair, the worst exit code of the selected pairs, `--format json`
 * an array of reports, `--format prometheus` parsed by a real parser, every run saved in the history.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunReport } from '../../src-main/shared/domain/run'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { cli, parseExposition, saveFleet, stopFleet, type SavedSim } from './fleet-helpers'

let home: string
let fleet: SavedSim[]

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nsmhad-checkall-'))
  fleet = await saveFleet(home, [
    { name: 'alpha', tags: ['green', 'eu'], scenario: 'healthy' },
    { name: 'bravo', tags: ['amber', 'eu'], scenario: 'write-to-log-off' },
    { name: 'charlie', tags: ['red'], scenario: 'hmac-mismatch' },
    { name: 'delta', tags: ['down'] }
  ])
}, 120_000)

afterAll(async () => {
  await stopFleet(fleet ?? [])
  rmSync(home, { recursive: true, force: true })
})

describe('nsm-ha-doctor check --all', () => {
  it('exit code is the worst verdict of the selected pairs', async () => {
    expect((await cli(['check', '--all', '--tag', 'green'], home)).code).toBe(0)
    expect((await cli(['check', '--all', '--tag', 'green', '--tag', 'amber'], home)).code).toBe(1)
    expect((await cli(['check', '--all', '--tag', 'eu', '--tag', 'red'], home)).code).toBe(2)
    expect((await cli(['check', '--all', '--tag', 'down', '--tag', 'GREEN'], home)).code).toBe(3)
    // fail is the worst: a failing pair next to an unreachable one still exits 2
    expect((await cli(['check', '--all', '--concurrency', '2'], home)).code).toBe(2)
  }, 240_000)

  it('prints one line per pair: verdict, name, counts, the checks that did not pass', async () => {
    const r = await cli(['check', '--all', '--concurrency', '4'], home)
    expect(r.code).toBe(2)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^PASS {4}alpha {3}\s*\d+ pass, 0 warn, 0 fail, 0 unknown, \d+ skipped in [\d.]+ s, failover ready$/)
    expect(lines[1]).toMatch(/^WARN {4}bravo .* 1 warn, 0 fail, 0 unknown, .*cfg\.write-to-log=warn$/)
    expect(lines[2]).toMatch(/^FAIL {4}charlie .*, failover not ready .*cfg\.hmac-key=fail/)
    expect(lines[3]).toMatch(/^UNKNOWN delta .*primary: .*; secondary: /)
    expect(r.stderr).toBe('')
  }, 240_000)

  it('--format json gives an array of reports, one per pair, and every run is in the history', async () => {
    const store = await openAppStore({ dir: home, secretStore: new SessionSecretStore() })
    const before = store.pairs.list().map((p) => store.history.listRuns({ pairId: p.id }).total)
    store.close()
    const r = await cli(['check', '--all', '--tag', 'eu', '--tag', 'down', '--format', 'json'], home)
    expect(r.code).toBe(3)
    const reports = JSON.parse(r.stdout) as RunReport[]
    expect(reports.map((x) => x.pair.name)).toEqual(['alpha', 'bravo', 'delta'])
    expect(reports.map((x) => x.schema)).toEqual([1, 1, 1])
    // a pair nobody answers for: sys.reachable fails, the rest unknown; its exit code is 3 (not reachable)
    expect(reports.map((x) => x.verdict)).toEqual(['pass', 'warn', 'fail'])
    expect(reports[0].checks.length).toBeGreaterThan(20)
    expect(reports[2].nodes.primary.reachable).toBe(false)
    const after = await openAppStore({ dir: home, secretStore: new SessionSecretStore() })
    try {
      const totals = after.pairs.list().map((p) => after.history.listRuns({ pairId: p.id }).total)
      // alpha, bravo, charlie, delta: the selected three got one more run each
      expect(totals.map((t, i) => t - before[i])).toEqual([1, 1, 0, 1])
      const alpha = after.pairs.getByName('alpha')!
      expect(after.history.latestRun({ pairId: alpha.id })?.runId).toBe(reports[0].runId)
    } finally {
      after.close()
    }
  }, 240_000)

  it('--format prometheus: every pair and check, parsed by a real parser', async () => {
    const r = await cli(['check', '--all', '--format', 'prometheus'], home)
    expect(r.code).toBe(2)
    const samples = parseExposition(r.stdout)
    for (const s of samples) {
      expect(s.name).toMatch(/^nsm_ha_/)
      expect(Object.keys(s.labels)).toContain('pair')
    }
    const value = (name: string, labels: Record<string, string>): number | undefined =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value
    expect(['alpha', 'bravo', 'charlie', 'delta'].map((pair) => value('nsm_ha_pair_status', { pair }))).toEqual([0, 1, 2, 3])
    expect(value('nsm_ha_check_status', { pair: 'charlie', check: 'cfg.hmac-key' })).toBe(2)
    expect(value('nsm_ha_check_status', { pair: 'bravo', check: 'cfg.write-to-log' })).toBe(1)
    expect(value('nsm_ha_check_status', { pair: 'alpha', check: 'cfg.hmac-key' })).toBe(0)
    const perCheck = samples.filter((s) => s.name === 'nsm_ha_check_status')
    expect(perCheck.every((s) => typeof s.labels.check === 'string' && s.labels.check.includes('.'))).toBe(true)
    expect(new Set(perCheck.map((s) => s.labels.pair))).toEqual(new Set(['alpha', 'bravo', 'charlie', 'delta']))
    expect(value('nsm_ha_check_status', { pair: 'delta', check: 'sys.reachable' })).toBe(2)
    expect(value('nsm_ha_replication_bytes', { pair: 'alpha', node: 'primary' })).toBeGreaterThan(0)
    expect(value('nsm_ha_replication_bytes', { pair: 'alpha', node: 'secondary' })).toBeGreaterThan(0)
    expect(value('nsm_ha_run_duration_seconds', { pair: 'alpha' })).toBeGreaterThan(0)
    expect(value('nsm_ha_last_run_timestamp_seconds', { pair: 'alpha' })! * 1000).toBeGreaterThan(Date.now() - 600_000)
    expect(value('nsm_ha_node_reachable', { pair: 'delta', node: 'primary' })).toBe(0)
  }, 240_000)

  it('usage errors and an empty selection exit 3 with one line', async () => {
    for (const args of [
      ['check', '--all', '--pair', 'alpha'],
      ['check', '--all', '--concurrency', '0'],
      ['check', '--all', '--format', 'nagios'],
      ['check', '--all', '--tag', 'nowhere'],
      ['check', '--tag', 'green']
    ]) {
      const r = await cli(args, home)
      expect(r.code, args.join(' ')).toBe(3)
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1)
      expect(r.stderr).toMatch(/^nsm-ha-doctor check: /)
    }
  }, 120_000)
})
