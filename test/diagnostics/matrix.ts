/**
 * The engine-level scenario matrix (run over the embedded simulator; the OpenSSH side is covered end to
 * end by test/cli/scenarios.test.ts, which runs the real CLI against both servers): for every scenario of
 * SCENARIO_SPECS under the format variants of MATRIX_CASES, start the simulated pair (real SSH servers),
 * collect both nodes over SSH with the real probe, evaluate, and require exactly the status of every
 * check that expectedStatuses() names for the scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_IDS } from '../../src-main/shared/domain/check'
import { expectedStatuses, SCENARIOS, type ScenarioName } from '../../src-main/shared/domain/scenario'
import { DEFAULT_VARIANT, SIM_VARIANTS, type SimPair, type SimVariant } from '../../src-main/simulator/index'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import { collectOverSsh, memoryHostKeys } from './collect-over-ssh'

const SALT = 'scenario-salt'

/**
 * The second format variant of each scenario (the first is always the tabular format of
 * docs/nsm-formats.md): chosen so the variant touches what the scenario's checks read. `logs-rotated`
 * moves the history before the last start to guiDaemon.1, so it only goes with scenarios decided since the
 * last start (`diverged` needs the earlier master role, which the engine does not read back: A-21).
 */
export const SECOND_VARIANT: Record<string, SimVariant> = {
  healthy: 'hastatus-compact',
  'peer-services-down': 'hastatus-wording',
  'ha-disabled': 'cfg-equals-tabs',
  'hmac-mismatch': 'cfg-duplicates',
  'address-mismatch': 'cfg-server-ip',
  'rsync-missing': 'crlf',
  'pingable-ip-down': 'cfg-aliases',
  'rsync-user-missing': 'cfg-duplicates',
  'write-to-log-off': 'cfg-equals-tabs',
  'setuid-mismatch': 'cfg-aliases',
  'ssh-trust-broken': 'hastatus-wording',
  'dodirect-failed': 'long-cmd',
  'shadow-record-missing': 'stamps-syslog',
  'gui-address-mismatch': 'logs-rotated',
  'split-brain': 'hastatus-compact',
  'secondary-not-connected': 'logs-rotated',
  'replication-in-progress': 'hastatus-wording',
  'db-panic': 'stamps-syslog',
  diverged: 'stamps-none',
  'one-time-password-mismatch': 'crlf',
  'clock-skew': 'stamps-iso',
  'disk-full': 'hastatus-compact',
  'version-mismatch': 'crlf',
  'ha-link-not-logged': 'stamps-iso',
  'shared-disk-mounted': 'cfg-equals-tabs',
  'shared-disk-unmounted': 'cfg-duplicates',
  'rsync-drift': 'crlf',
  'last-start-rotated': 'stamps-syslog'
}

/** A scenario's second variant; every scenario must name one (the matrix fails for one that does not). */
export function secondVariant(scenario: ScenarioName): SimVariant {
  const v = SECOND_VARIANT[scenario]
  if (!v) throw new Error(`scenario ${scenario} names no second format variant in test/diagnostics/matrix.ts`)
  return v
}

/**
 * Cases that need an engine change not made yet: they run like every other case and fail until it is; the
 * test name says what the engine must do. (Empty: every format variant is read by the engine.)
 */
export const AWAITING_ENGINE: Record<string, string> = {}

export interface MatrixCase {
  scenario: ScenarioName
  variant: SimVariant
}

/** Every scenario under the tabular format and its second variant; the healthy scenario under every variant. */
export const MATRIX_CASES: MatrixCase[] = SCENARIOS.flatMap((scenario): MatrixCase[] =>
  scenario === 'healthy'
    ? SIM_VARIANTS.map((variant) => ({ scenario, variant }))
    : [DEFAULT_VARIANT, secondVariant(scenario)].map((variant) => ({ scenario, variant }))
)

export function matrix(name: string, start: (() => Promise<SimPair>) | undefined): void {
  describe.skipIf(!start)(name, () => {
    let pair: SimPair
    const hostKeys = memoryHostKeys()
    const wire: Record<string, number[]> = {}
    beforeAll(async () => {
      pair = await start!()
    })
    afterAll(async () => {
      await pair?.stop()
      const rows = Object.entries(wire).map(([s, [p, q]]) => `${s}: primary ${p} B, secondary ${q} B`)
      if (rows.length) console.log(`${name}: probe wire bytes per node\n${rows.join('\n')}`)
    })
    for (const { scenario, variant } of MATRIX_CASES) {
      const awaiting = AWAITING_ENGINE[`${scenario} (${variant})`]
      it(`${scenario} (${variant})${awaiting ? ` [needs: ${awaiting}]` : ''}`, async () => {
        await pair.applyScenario(scenario, variant)
        const [p, s] = await Promise.all([
          collectOverSsh(pair, 'primary', hostKeys, { salt: SALT }),
          collectOverSsh(pair, 'secondary', hostKeys, { salt: SALT })
        ])
        const key = `${scenario} (${variant})`
        wire[key] = [p.facts.wireBytes ?? -1, s.facts.wireBytes ?? -1]
        expect(p.facts.hostKeySha256).toBe(pair.primary.hostKeySha256)
        const results = evaluatePair(p, s, { salt: SALT, now: Date.now() })
        expect(results.map((r) => r.id)).toEqual([...CHECK_IDS])
        const expected = expectedStatuses(scenario)
        const wrong = results
          .filter((r) => r.status !== expected[r.id])
          .map((r) => `${r.id}: ${r.status} (want ${expected[r.id]}) — ${r.summary}`)
        expect(wrong).toEqual([])
        // secrets of the pair never reach results or facts
        const json = JSON.stringify({ results, p: p.facts, s: s.facts })
        for (const secret of [pair.secrets.hmacKey, pair.secrets.oneTimePassword]) expect(json).not.toContain(secret)
        for (const r of results) expect(r.evidence.length, r.id).toBeGreaterThan(0)
        expect(Math.max(...wire[key])).toBeLessThan(64 * 1024)
        if (scenario === 'dodirect-failed') {
          // the failing rsync command is evidence whole, up to its destination, so it can be re-run (step 5)
          const r = results.find((x) => x.id === 'rsync.ha-log-errors')!
          expect(r.evidence.map((e) => e.excerpt).join('\n')).toMatch(/cmd: rsync -az .* nsm@127\.0\.0\.12:\S*\/GuiSvr\/var\//)
        }
      })
    }
  })
}
