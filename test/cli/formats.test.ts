/**
 * `nsm-ha-doctor check --format text` and `--format nagios` against the simulated pair, each on its own:
 * the verdict line, one line per check with its status, the evidence and fix of a failing check, the
 * Nagios status line with its perfdata counted from the scenario oracle, the detail lines, and the exit
 * codes of the contract written as literals (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN) — also for an
 * unreachable node, which is exactly 3 in every format.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_IDS, CHECK_STATUSES, type CheckId, type CheckStatus } from '../../src-main/shared/domain/check'
import { expectedStatuses, type ScenarioName } from '../../src-main/shared/domain/scenario'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { checkArgs, cli } from './helpers'

let pair: SimPair
let home: string

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nhd-cli-fmt-'))
  pair = await startSimPair()
})
afterAll(async () => {
  await pair?.stop()
  rmSync(home, { recursive: true, force: true })
})

function oracleCounts(scenario: ScenarioName): Record<CheckStatus, number> {
  const counts = Object.fromEntries(CHECK_STATUSES.map((s) => [s, 0])) as Record<CheckStatus, number>
  for (const s of Object.values(expectedStatuses(scenario))) counts[s]++
  return counts
}

function notPassing(scenario: ScenarioName): CheckId[] {
  const e = expectedStatuses(scenario)
  return CHECK_IDS.filter((id) => e[id] === 'fail' || e[id] === 'unknown' || e[id] === 'warn')
}

const MARK: Record<CheckStatus, string> = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL', unknown: '??  ', skipped: 'skip' }

async function run(scenario: ScenarioName, format: 'text' | 'nagios', patch: (args: string[]) => string[] = (a) => a) {
  await pair.applyScenario(scenario)
  const { args, env } = checkArgs(pair, home, format)
  return cli(patch(args), env)
}

describe('check --format text', () => {
  it('healthy: verdict PASS, every check on its own line with its status, exit 0', async () => {
    const r = await run('healthy', 'text')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const c = oracleCounts('healthy')
    expect(r.stdout).toContain(`Verdict: PASS  (${c.pass} pass, 0 warn, 0 fail, 0 unknown, ${c.skipped} skipped)`)
    expect(r.stdout).toMatch(/^Failover: ready$/m)
    const e = expectedStatuses('healthy')
    for (const id of CHECK_IDS)
      expect(r.stdout, id).toMatch(new RegExp(`^  ${MARK[e[id]].replace(/\?/g, '\\?')}  ${id.replace(/\./g, '\\.')} `, 'm'))
    expect(r.stdout).not.toMatch(/^\s+fix: /m)
    for (const secret of [pair.secrets.hmacKey, pair.secrets.oneTimePassword]) expect(r.stdout).not.toContain(secret)
  }, 120_000)

  it('ssh-trust-broken: FAIL line with the ssh error as evidence and the fix named, exit 2', async () => {
    const r = await run('ssh-trust-broken', 'text')
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/^Verdict: FAIL /m)
    expect(r.stdout).toMatch(/^Failover: not ready: 1 reason \(ssh\.trust fail\)$/m)
    const failLine = r.stdout.split('\n').findIndex((l) => /^ {2}FAIL {2}ssh\.trust /.test(l))
    expect(failLine).toBeGreaterThan(0)
    const block = r.stdout
      .split('\n')
      .slice(failLine + 1, failLine + 5)
      .join('\n')
    expect(block).toMatch(/^ {8}primary .*: .*Permission denied/m)
    expect(block).toMatch(/^ {8}fix: fix\.repair-ssh-trust {3}why: /m)
  }, 120_000)
})

describe('check --format nagios', () => {
  it('healthy: "NSM-HA OK" with perfdata counted from the oracle, nothing else, exit 0', async () => {
    const r = await run('healthy', 'nagios')
    expect(r.code).toBe(0)
    const c = oracleCounts('healthy')
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      new RegExp(
        `^NSM-HA OK - .+: all ${c.pass} checks pass; Failover: ready \\| pass=${c.pass} warn=0;1 fail=0;;1 unknown=0 skipped=${c.skipped} duration=\\d+\\.\\d\\ds failover_ready=1$`
      )
    )
  }, 120_000)

  it('ssh-trust-broken: "NSM-HA CRITICAL", the failing checks named, one detail line each, exit 2', async () => {
    const r = await run('ssh-trust-broken', 'nagios')
    expect(r.code).toBe(2)
    const c = oracleCounts('ssh-trust-broken')
    const bad = notPassing('ssh-trust-broken')
    const [head, ...details] = r.stdout.trim().split('\n')
    expect(head).toMatch(
      new RegExp(
        `^NSM-HA CRITICAL - .+: ${c.fail} fail, ${c.warn} warn, ${c.unknown} unknown: ${bad.join(', ').replace(/\./g, '\\.')}; Failover: not ready: 1 reason \\| pass=${c.pass} .* failover_ready=0$`
      )
    )
    expect(details.map((d) => d.split(':')[0])).toEqual(bad.map((id) => `${expectedStatuses('ssh-trust-broken')[id].toUpperCase()} ${id}`))
  }, 120_000)

  it('replication-in-progress: "NSM-HA WARNING", exit 1', async () => {
    const r = await run('replication-in-progress', 'nagios')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^NSM-HA WARNING - /)
  }, 120_000)
})

describe('an unreachable node', () => {
  const closedPort = (args: string[]): string[] =>
    args.map((a) =>
      a === `${pair.secondary.user}@${pair.secondary.host}:${pair.secondary.port}` ? `${pair.secondary.user}@127.0.0.1:1` : a
    )
  it.each(['json', 'text', 'nagios'] as const)(
    'exits exactly 3 with --format %s and says why on one stderr line',
    async (format) => {
      await pair.applyScenario('healthy')
      const { args, env } = checkArgs(pair, home, format)
      const r = await cli(closedPort(args), env)
      expect(r.code).toBe(3)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(/secondary .*refused/i)
      if (format === 'nagios') expect(r.stdout).toMatch(/^NSM-HA UNKNOWN - /)
    },
    120_000
  )
})

describe('a history that cannot be opened', () => {
  it('the check still runs and prints its verdict, and says in one stderr line that the run will not be saved', async () => {
    await pair.applyScenario('healthy')
    const { args, env } = checkArgs(pair, home, 'text')
    // the data directory is a regular file: the history cannot be opened there
    const notADir = join(home, 'not-a-dir')
    writeFileSync(notADir, '')
    const r = await cli(
      args.filter((a) => a !== '--no-save'),
      { ...env, NSM_HA_DOCTOR_HOME: notADir }
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/PASS/)
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^nsm-ha-doctor check: history not available, the run will not be saved \(.+\)$/)
    ])
  }, 120_000)
})
