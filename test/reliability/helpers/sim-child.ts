/**
 * A simulated pair in its own process (started as an unprivileged user when the tests run as root, so
 * `chmod 000` really denies reading). Prints one JSON line with the pair, then obeys stdin lines:
 * `reset <scenario>` rewrites the trees, `stop` ends. The parent drives it through sim-proc.ts.
 */
import { createInterface } from 'node:readline'
import { startSimPair } from '../../../src-main/simulator/index'
import type { ScenarioName } from '../../../src-main/shared/domain/scenario'

async function main(): Promise<void> {
  const dir = process.argv[2]
  const scenario = (process.argv[3] ?? 'healthy') as ScenarioName
  const pair = await startSimPair({ dir, scenario })
  const strip = (n: typeof pair.primary) => ({ ...n })
  process.stdout.write(
    `${JSON.stringify({ primary: strip(pair.primary), secondary: strip(pair.secondary), secrets: pair.secrets, dir: pair.dir, uid: process.getuid?.() })}\n`
  )
  const rl = createInterface({ input: process.stdin })
  rl.on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/)
    if (cmd === 'reset') {
      void pair
        .applyScenario((arg ?? 'healthy') as ScenarioName)
        .then(() => process.stdout.write(`ok ${JSON.stringify({ secrets: pair.secrets })}\n`))
    } else if (cmd === 'stop') {
      void pair.stop().then(() => process.exit(0))
    }
  })
  rl.on('close', () => void pair.stop().then(() => process.exit(0)))
}
void main()
