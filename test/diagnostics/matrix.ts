/**
 * The scenario matrix (shared by the embedded-simulator and the OpenSSH runs): for every scenario of SCENARIO_SPECS, start the simulated pair (real SSH servers),
 * collect both nodes over SSH with the real probe, evaluate, and require exactly the expected statuses for
 * the scenario's checks and pass/skipped for every other check.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_IDS, type CheckId, type CheckStatus } from '../../src-main/shared/domain/check'
import { SCENARIOS, SCENARIO_SPECS } from '../../src-main/shared/domain/scenario'
import type { SimPair } from '../../src-main/simulator/index'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import { connectTestSsh } from './ssh-client'

const SALT = 'scenario-salt'

async function collect(pair: SimPair, role: 'primary' | 'secondary'): Promise<NodeCollection> {
  const n = pair[role]
  const exec = await connectTestSsh({ host: n.host, port: n.port, user: n.user, privateKey: readFileSync(n.clientKeyPath, 'utf8') })
  try {
    return await collectNode(exec, {
      role,
      host: n.host,
      port: n.port,
      paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit },
      salt: SALT
    })
  } finally {
    exec.close()
  }
}

export function matrix(name: string, start: (() => Promise<SimPair>) | undefined) {
  describe.skipIf(!start)(name, () => {
    let pair: SimPair
    const wire: Record<string, number[]> = {}
    beforeAll(async () => {
      pair = await start!()
    })
    afterAll(async () => {
      await pair?.stop()
      const rows = Object.entries(wire).map(([s, [p, q]]) => `${s}: primary ${p} B, secondary ${q} B`)
      if (rows.length) console.log(`${name}: probe wire bytes per node\n${rows.join('\n')}`)
    })
    for (const scenario of SCENARIOS) {
      it(scenario, async () => {
        await pair.applyScenario(scenario)
        const [p, s] = await Promise.all([collect(pair, 'primary'), collect(pair, 'secondary')])
        wire[scenario] = [p.facts.wireBytes ?? -1, s.facts.wireBytes ?? -1]
        const results = evaluatePair(p, s, { salt: SALT, now: Date.now() })
        expect(results.map((r) => r.id)).toEqual([...CHECK_IDS])
        const expected = SCENARIO_SPECS[scenario].expect as Partial<Record<CheckId, CheckStatus>>
        const wrong = results
          .filter((r) => (expected[r.id] ? r.status !== expected[r.id] : r.status !== 'pass' && r.status !== 'skipped'))
          .map((r) => `${r.id}: ${r.status} (want ${expected[r.id] ?? 'pass|skipped'}) — ${r.summary}`)
        expect(wrong).toEqual([])
        // secrets of the pair never reach results or facts
        const json = JSON.stringify({ results, p: p.facts, s: s.facts })
        for (const secret of [pair.secrets.hmacKey, pair.secrets.oneTimePassword]) expect(json).not.toContain(secret)
        for (const r of results.filter((x) => x.status !== 'skipped')) expect(r.evidence.length, r.id).toBeGreaterThan(0)
        expect(Math.max(...wire[scenario])).toBeLessThan(64 * 1024)
      })
    }
  })
}

