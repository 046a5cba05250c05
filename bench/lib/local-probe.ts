/** The probe script run directly on a simulated node's tree (no SSH): the on-node part of a check. */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { buildProbeScript } from '../../src-main/main/diagnostics/probe-script'
import { probeCommand } from '../../src-main/main/diagnostics/probe'
import type { SimNodeInfo } from '../../src-main/simulator/index'
import type { NodeRole } from '../../src-main/shared/domain/check'

export function runProbeLocally(n: SimNodeInfo, role: NodeRole): Promise<number> {
  const script = buildProbeScript({ role, paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit }, nonce: 'bench0001' })
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    const c = spawn('/bin/sh', [join(n.root, '.sim/env.sh'), probeCommand(script)], {
      env: { ...process.env, SIM_USER: n.user, SIM_ROOT: n.root, LANG: 'C.UTF-8' },
      stdio: ['ignore', 'ignore', 'ignore']
    })
    c.on('error', reject)
    c.on('close', () => resolve(performance.now() - t0))
  })
}
