/**
 * The command line against the simulated pair, exactly as cron or a monitoring system runs it:
 * `nsm-ha-doctor check … --format json` for every scenario must give exactly the status of every check
 * that the scenario oracle names, a summary that counts those checks, and the contract's exit code — over
 * the embedded SSH server (tabular format) and over real OpenSSH sshd serving the same trees (the healthy
 * pair under every format variant, every other scenario under its second variant).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_IDS, CHECK_STATUSES, type CheckStatus } from '../../src-main/shared/domain/check'
import type { RunReport } from '../../src-main/shared/domain/run'
import { expectedStatuses, SCENARIOS, type ScenarioName } from '../../src-main/shared/domain/scenario'
import { DEFAULT_VARIANT, SIM_VARIANTS, startSimPair, type SimPair, type SimVariant } from '../../src-main/simulator/index'
import { findSshd, startOpenSshPair } from '../../src-main/simulator/openssh'
import { AWAITING_ENGINE, secondVariant } from '../diagnostics/matrix'
import { requireSystem } from '../helpers/system'
import { checkArgs, cli } from './helpers'

/**
 * The exit code of every scenario, written out from the contract (0 all pass, 1 worst warn, 2 worst fail,
 * 3 unknown): a literal per scenario, not a function of the code under test.
 */
const EXIT_CODE: Record<ScenarioName, 0 | 1 | 2 | 3> = {
  healthy: 0,
  'peer-services-down': 2,
  'ha-disabled': 2,
  'hmac-mismatch': 2,
  'heartbeat-port-mismatch': 2,
  'address-mismatch': 2,
  'rsync-missing': 2,
  'pingable-ip-down': 2,
  'rsync-user-missing': 2,
  'write-to-log-off': 1,
  'setuid-mismatch': 2,
  'ssh-trust-broken': 2,
  'dodirect-failed': 2,
  // a fail and an unknown: the fail decides (CRITICAL)
  'shadow-record-missing': 2,
  'gui-address-mismatch': 2,
  'split-brain': 2,
  'secondary-not-connected': 2,
  'replication-in-progress': 1,
  'db-panic': 2,
  diverged: 2,
  'one-time-password-mismatch': 2,
  'clock-skew': 2,
  'disk-full': 2,
  'version-mismatch': 2,
  'ha-link-not-logged': 0,
  'shared-disk-mounted': 0,
  'shared-disk-unmounted': 2,
  'rsync-drift': 1,
  'last-start-rotated': 0
}

/** The summary counted from the checks themselves. */
function countStatuses(checks: { status: CheckStatus }[]): Record<CheckStatus, number> {
  const counts = Object.fromEntries(CHECK_STATUSES.map((s) => [s, 0])) as Record<CheckStatus, number>
  for (const c of checks) counts[c.status]++
  return counts
}

interface Case {
  scenario: ScenarioName
  variant: SimVariant
}

function matrix(label: string, start: () => Promise<SimPair>, enabled: boolean, cases: Case[]): void {
  describe.skipIf(!enabled)(label, () => {
    let pair: SimPair
    let home: string
    beforeAll(async () => {
      home = mkdtempSync(join(tmpdir(), 'nhd-cli-'))
      pair = await start()
    })
    afterAll(async () => {
      await pair?.stop()
      rmSync(home, { recursive: true, force: true })
    })

    for (const { scenario, variant } of cases) {
      const awaiting = AWAITING_ENGINE[`${scenario} (${variant})`]
      it(`${scenario} (${variant})${awaiting ? ` [needs: ${awaiting}]` : ''}`, async () => {
        await pair.applyScenario(scenario, variant)
        const { args, env } = checkArgs(pair, home)
        const r = await cli(args, env)
        expect(r.stderr).toBe('')
        const report = JSON.parse(r.stdout) as RunReport
        expect(report.schema).toBe(1)
        expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS])
        const expected = expectedStatuses(scenario)
        const wrong = report.checks
          .filter((c) => c.status !== expected[c.id])
          .map((c) => `${c.id}: ${c.status} (want ${expected[c.id]}) — ${c.summary}`)
        expect(wrong).toEqual([])
        expect(report.summary).toEqual(countStatuses(report.checks))
        expect(r.code).toBe(EXIT_CODE[scenario])
        for (const c of report.checks) expect(c.evidence.length, `${c.id} has evidence`).toBeGreaterThan(0)
        for (const secret of [pair.secrets.hmacKey, pair.secrets.oneTimePassword]) expect(r.stdout).not.toContain(secret)
      }, 120_000)
    }
  })
}

describe('the scenario oracle', () => {
  it('names an exit code per scenario that follows from its statuses by the contract', () => {
    for (const scenario of SCENARIOS) {
      const c = countStatuses(Object.values(expectedStatuses(scenario)).map((status) => ({ status })))
      const byContract = c.fail ? 2 : c.unknown ? 3 : c.warn ? 1 : 0
      expect(EXIT_CODE[scenario], `${scenario}: no literal exit code`).toBeDefined()
      expect(EXIT_CODE[scenario], scenario).toBe(byContract)
    }
  })
})

const embeddedCases = SCENARIOS.map((scenario) => ({ scenario, variant: DEFAULT_VARIANT }))
matrix('nsm-ha-doctor check against the embedded simulated pair', () => startSimPair(), true, embeddedCases)

const sshd = requireSystem('sshd', findSshd() !== undefined, 'install openssh-server')
const opensshCases: Case[] = [
  ...SIM_VARIANTS.map((variant) => ({ scenario: 'healthy' as const, variant })),
  ...SCENARIOS.filter((s) => s !== 'healthy').map((scenario) => ({ scenario, variant: secondVariant(scenario) }))
]
matrix('nsm-ha-doctor check against the pair served by OpenSSH sshd', () => startOpenSshPair(), sshd.available, opensshCases)
