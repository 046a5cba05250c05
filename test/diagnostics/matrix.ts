/**
 * The engine-level scenario matrix (run over the embedded simulator; the OpenSSH side is covered end to
 * end by test/cli/scenarios.test.ts, which runs the real CLI against both servers): for every scenario of
 * SCENARIO_SPECS under the format variants of MATRIX_CASES, start the simulated pair (real SSH servers),
 * collect both nodes over SSH with the real probe, evaluate, and require exactly the status of every
 * check that expectedStatuses() names for the scenario.
 */
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest'
import { CHECK_IDS, type CheckId } from '../../src-main/shared/domain/check'
import { expectedStatuses, SCENARIO_SPECS, SCENARIOS, type ScenarioName } from '../../src-main/shared/domain/scenario'
import { DEFAULT_VARIANT, SIM_VARIANTS, type SimPair, type SimVariant } from '../../src-main/simulator/index'
import { CHECK_DEFINITIONS, evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import type { SectionName } from '../../src-main/main/diagnostics/types'
import { collectOverSsh, memoryHostKeys } from './collect-over-ssh'

const SALT = 'scenario-salt'

/**
 * The second format variant of each scenario (the first is always the tabular format of
 * docs/nsm-formats.md): chosen so the variant touches what the scenario's checks read. `logs-rotated`
 * moves the history before the last start to guiDaemon.1, so it only goes with scenarios decided since the
 * last start (`diverged` needs the earlier master role, which the engine does not read back: A-21).
 */
export const SECOND_VARIANT: Record<ScenarioName, SimVariant> = {
  healthy: 'tabular',
  'peer-services-down': 'hastatus-wording',
  'ha-disabled': 'cfg-equals-tabs',
  'hmac-mismatch': 'cfg-duplicates',
  'heartbeat-port-mismatch': 'cfg-duplicates',
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

/** A scenario's second variant (SECOND_VARIANT is keyed by ScenarioName: a scenario without one is a type error). */
export function secondVariant(scenario: ScenarioName): SimVariant {
  return SECOND_VARIANT[scenario]
}

/**
 * Cases that need an engine change not made yet: until it is made every check it would decide must be `unknown` (no
 * other verdict); once it is made the case turns red until its entry here is removed. The test name says what the
 * engine must do. (Empty: every case of the matrix is decided.)
 */
export const AWAITING_ENGINE: Partial<Record<`${ScenarioName} (${SimVariant})`, string>> = {}

export interface MatrixCase {
  scenario: ScenarioName
  variant: SimVariant
}

/** The node files (and outputs) a format variant writes differently (src-main/simulator/variants.ts). */
type FileKind = 'hastatus' | 'guilog' | 'rotated' | 'halog' | 'cfg' | 'version' | 'dodirect'
export const VARIANT_FILES: Record<SimVariant, readonly FileKind[]> = {
  tabular: [],
  'hastatus-compact': ['hastatus'],
  'hastatus-wording': ['hastatus'],
  'hastatus-kb10366': ['hastatus'],
  'hastatus-ip-led': ['hastatus'],
  'stamps-syslog': ['guilog'],
  'stamps-iso': ['guilog'],
  'stamps-none': ['guilog'],
  crlf: ['cfg', 'guilog', 'halog', 'version', 'dodirect'],
  'cfg-equals-tabs': ['cfg'],
  'cfg-aliases': ['cfg'],
  'cfg-duplicates': ['cfg'],
  'cfg-server-ip': ['cfg'],
  'logs-rotated': ['guilog'],
  // compresses the rotated guiDaemon files a scenario writes (only last-start-rotated has any)
  'logs-gz': ['rotated'],
  'long-cmd': ['halog']
}

/** Where a probe section's content comes from: the sections built from values the probe reads in haSvr.cfg count as cfg. */
const SECTION_FILE: Partial<Record<SectionName, FileKind>> = {
  hastatus: 'hastatus',
  guilog: 'guilog',
  'guilog-rotated': 'guilog',
  halog: 'halog',
  'cfg.haSvr': 'cfg',
  'cfg.guiSvr': 'cfg',
  'cfg.devSvr': 'cfg',
  version: 'version',
  dodirect: 'dodirect',
  trust: 'cfg',
  ping: 'cfg',
  passwd: 'cfg',
  drift: 'cfg',
  'shared-disk': 'cfg'
}

/** Files a scenario's evidence is in beyond what its checks read (its whole point is in them). */
const SCENARIO_FILES_EXTRA: Partial<Record<ScenarioName, FileKind[]>> = {
  'last-start-rotated': ['guilog', 'rotated'],
  'clock-skew': ['guilog'],
  'replication-in-progress': ['guilog', 'hastatus']
}

/**
 * Scenario × variant pairs that cannot hold by construction (not a reading gap): `logs-rotated` moves the history
 * before the last start to guiDaemon.1, which the engine does not read back when guiDaemon.0 has a start (A-21), so
 * `diverged` (an earlier master role) is not seen; `last-start-rotated` rotates the files itself.
 */
export const NOT_CROSSED: readonly string[] = ['diverged (logs-rotated)', 'last-start-rotated (logs-rotated)']

/** The files the evidence of a scenario is in: what the checks it changes read, plus SCENARIO_FILES_EXTRA. */
export function scenarioFiles(scenario: ScenarioName): Set<FileKind> {
  const files = new Set<FileKind>(SCENARIO_FILES_EXTRA[scenario] ?? [])
  for (const id of Object.keys(SCENARIO_SPECS[scenario].expect) as CheckId[])
    for (const s of CHECK_DEFINITIONS[id].needs) {
      const f = SECTION_FILE[s]
      if (f) files.add(f)
    }
  return files
}

/**
 * Every scenario under the tabular format, its second variant, and every variant that changes a file its evidence
 * is in; the healthy pair under every variant.
 */
export const MATRIX_CASES: MatrixCase[] = SCENARIOS.flatMap((scenario): MatrixCase[] => {
  const files = scenarioFiles(scenario)
  const variants = SIM_VARIANTS.filter(
    (v) => v === DEFAULT_VARIANT || scenario === 'healthy' || v === secondVariant(scenario) || VARIANT_FILES[v].some((f) => files.has(f))
  )
  return variants.filter((variant) => !NOT_CROSSED.includes(`${scenario} (${variant})`)).map((variant) => ({ scenario, variant }))
})

/**
 * Simulated pairs the matrix runs on at once (a bounded pool: each case takes a free pair, switches it to its
 * scenario and variant in place, and gives it back). Most of a case is waiting on SSH and the node's shell, so two
 * pairs keep two cores busy; NSM_MATRIX_PAIRS overrides.
 */
export const MATRIX_PAIRS = Math.max(1, Number(process.env.NSM_MATRIX_PAIRS ?? 2) || 2)

export function matrix(name: string, start: (() => Promise<SimPair>) | undefined): void {
  describe.skipIf(!start)(name, () => {
    const pairs: SimPair[] = []
    const free: SimPair[] = []
    const waiting: ((p: SimPair) => void)[] = []
    const acquire = (): Promise<SimPair> => new Promise((res) => (free.length ? res(free.pop()!) : waiting.push(res)))
    const release = (p: SimPair): void => {
      const next = waiting.shift()
      if (next) next(p)
      else free.push(p)
    }
    const hostKeys = memoryHostKeys()
    const wire: Record<string, number[]> = {}
    const t0 = Date.now()
    beforeAll(async () => {
      for (let i = 0; i < MATRIX_PAIRS; i++) pairs.push(await start!())
      free.push(...pairs)
    })
    afterAll(async () => {
      await Promise.all(pairs.map((p) => p.stop()))
      const rows = Object.entries(wire).map(([s, [p, q]]) => `${s}: primary ${p} B, secondary ${q} B`)
      if (rows.length) console.log(`${name}: probe wire bytes per node\n${rows.join('\n')}`)
      console.log(
        `${name}: ${MATRIX_CASES.length} cases (${new Set(MATRIX_CASES.map((c) => c.scenario)).size} scenarios, ${SIM_VARIANTS.length} variants) on ${MATRIX_PAIRS} pairs in ${((Date.now() - t0) / 1000).toFixed(1)} s`
      )
    })
    for (const { scenario, variant } of MATRIX_CASES) {
      const awaiting = AWAITING_ENGINE[`${scenario} (${variant})`]
      it.concurrent(`${scenario} (${variant})${awaiting ? ` [needs: ${awaiting}]` : ''}`, async ({ expect }) => {
        const pair = await acquire()
        try {
          await runCase(pair, scenario, variant, expect, awaiting)
        } finally {
          release(pair)
        }
      })
    }

    async function runCase(
      pair: SimPair,
      scenario: ScenarioName,
      variant: SimVariant,
      expect: ExpectStatic,
      awaiting?: string
    ): Promise<void> {
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
      if (awaiting) {
        // until the engine change lands, what it would decide is `unknown`, never another verdict; once it lands
        // the case must leave AWAITING_ENGINE
        expect(wrong, `${scenario} (${variant}) gives every expected status now: remove it from AWAITING_ENGINE`).not.toEqual([])
        expect(wrong.filter((w) => !/^\S+: unknown \(want/.test(w))).toEqual([])
      } else expect(wrong).toEqual([])
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
    }
  })
}
