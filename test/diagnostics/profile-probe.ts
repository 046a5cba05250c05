/**
 * Profiling harness (not a test): runs the probe directly on both nodes of a simulated pair through each
 * node's .sim/env.sh (no SSH), N times, and prints when each section's end frame arrived plus the total.
 *   node --import tsx test/diagnostics/profile-probe.ts [runs=5] [scenario=healthy]
 * With TRACE=DIR each run is traced (strace -f, execve) into DIR/<role>.trace: count the programs with
 *   grep -o 'execve("[^"]*"' DIR/primary.trace | sort | uniq -c | sort -rn
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { buildProbeScript } from '../../src-main/main/diagnostics/probe-script'
import { probeCommand } from '../../src-main/main/diagnostics/probe'
import { startSimPair, type SimNodeInfo } from '../../src-main/simulator/index'
import type { NodeRole } from '../../src-main/shared/domain/check'
import type { ScenarioName } from '../../src-main/shared/domain/scenario'

function runOnce(n: SimNodeInfo, role: NodeRole): Promise<{ total: number; marks: [string, number][] }> {
  const nonce = 'prof0001'
  const script = buildProbeScript({ role, paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit }, nonce })
  const t0 = performance.now()
  const marks: [string, number][] = []
  return new Promise((resolve, reject) => {
    const argv = ['/bin/sh', join(n.root, '.sim/env.sh'), probeCommand(script)]
    // TRACE=DIR: run under strace -f (execve only) into DIR/<role>.trace, to count the processes
    if (process.env.TRACE) argv.unshift('strace', '-f', '-qq', '-e', 'trace=execve', '-o', join(process.env.TRACE, `${role}.trace`))
    const c = spawn(argv[0], argv.slice(1), {
      env: { ...process.env, SIM_USER: n.user, SIM_ROOT: n.root, LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'ignore']
    })
    c.stdout.setEncoding('utf8')
    c.stdout.on('data', (d: string) => {
      const now = performance.now() - t0
      for (const m of d.matchAll(/@@NSMHAD-prof0001 (\S+) end rc=(\d+)@@/g)) marks.push([`${m[1]}(${m[2]})`, now])
    })
    c.on('error', reject)
    c.on('close', () => resolve({ total: performance.now() - t0, marks }))
  })
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5)
  const scenario = (process.argv[3] ?? 'healthy') as ScenarioName
  const sim = await startSimPair({ scenario })
  try {
    const totals: Record<string, number[]> = { primary: [], secondary: [] }
    const last: Record<string, [string, number][]> = {}
    for (let i = 0; i < runs; i++) {
      for (const role of ['primary', 'secondary'] as const) {
        const r = await runOnce(sim[role], role)
        totals[role].push(r.total)
        last[role] = r.marks
      }
    }
    for (const role of ['primary', 'secondary'] as const) {
      const s = [...totals[role]].sort((a, b) => a - b)
      console.log(
        `${role}: median ${s[Math.floor(s.length / 2)].toFixed(0)} ms, min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)} (${runs} runs)`
      )
      let prev = 0
      console.log(
        '  ' +
          last[role]
            .map(([n, t]) => {
              const x = `${n} +${(t - prev).toFixed(0)}`
              prev = t
              return x
            })
            .join(', ')
      )
    }
  } finally {
    await sim.stop()
  }
}
void main()
