/**
 * The engine-level scenario matrix (run over the embedded simulator; the OpenSSH side of the same 23
 * scenarios is covered end to end by test/cli/scenarios.test.ts, which runs the real CLI against both
 * servers): for every scenario of SCENARIO_SPECS, start the simulated pair (real SSH servers),
 * collect both nodes over SSH with the real probe, evaluate, and require exactly the expected statuses for
 * the scenario's checks and pass/skipped for every other check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_IDS, type CheckId, type CheckStatus } from '../../src-main/shared/domain/check'
import { SCENARIOS, SCENARIO_SPECS } from '../../src-main/shared/domain/scenario'
import type { SimPair } from '../../src-main/simulator/index'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import type { HostKeyStore } from '../../src-main/main/ssh/executor'

const SALT = 'scenario-salt'

/** host keys pinned on first use for the run (the pair's keys are fresh per start) */
function memoryHostKeys(): HostKeyStore {
  const pins = new Map<string, string>()
  return { get: (h, p) => pins.get(`${h}:${p}`), pin: (h, p, k) => void pins.set(`${h}:${p}`, k) }
}

async function collect(pair: SimPair, role: 'primary' | 'secondary', hostKeys: HostKeyStore): Promise<NodeCollection> {
  const n = pair[role]
  // TRANSPORT's ssh2 executor, key auth with the simulator's admin key
  const exec = await connectNode({
    endpoint: { host: n.host, port: n.port, user: n.user, auth: 'key', identityFile: n.clientKeyPath, sudo: 'none' },
    hostKeys,
    acceptNewHostKey: true
  })
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
    for (const scenario of SCENARIOS) {
      it(scenario, async () => {
        await pair.applyScenario(scenario)
        const [p, s] = await Promise.all([collect(pair, 'primary', hostKeys), collect(pair, 'secondary', hostKeys)])
        wire[scenario] = [p.facts.wireBytes ?? -1, s.facts.wireBytes ?? -1]
        expect(p.facts.hostKeySha256).toBe(pair.primary.hostKeySha256)
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

