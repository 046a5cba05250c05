/**
 * Test plumbing for the fix tests: a simulated pair over real SSH, runs of the real check engine over it
 * (runPair) and connections for applyFix (connectNode via the fix session).
 */
import type { CheckStatus, NodeRole } from '../../src-main/shared/domain/check'
import type { RunReport } from '../../src-main/shared/domain/run'
import type { SshExecutor } from '../../src-main/main/ssh/executor'
import { openFixSession, type FixSession } from '../../src-main/main/fixes/session'
import type { SimPair } from '../../src-main/simulator'

const sessions = new WeakMap<SimPair, Map<string, FixSession>>()

/** The connector + runPair for the simulated pair (password auth, host keys pinned on first use). */
export function simSession(sim: SimPair, name = 'sim'): FixSession {
  let byName = sessions.get(sim)
  if (!byName) sessions.set(sim, (byName = new Map()))
  // a scenario switch rewrites the trees but keeps the servers: one session per pair name is fine
  let s = byName.get(name)
  if (!s) {
    const pw = { password: sim.primary.password }
    s = openFixSession({
      pair: sim.pairConfig(name),
      secrets: { primary: pw, secondary: pw },
      acceptNewHostKeys: true,
      salt: 'fix-test-salt'
    })
    byName.set(name, s)
  }
  return s
}

export function sshConnect(sim: SimPair, role: NodeRole): Promise<SshExecutor> {
  return simSession(sim).connect(role)
}

/** A full run of every check against the simulated pair (real SSH, real probe, real engine: runPair). */
export function runChecks(sim: SimPair, name = 'sim'): Promise<RunReport> {
  return simSession(sim, name).run()
}

export function statusOf(report: RunReport): Record<string, CheckStatus> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
}
