/**
 * Child process of the pool benchmark: starts N simulated pairs (2N embedded SSH servers), writes their
 * pair configs as JSON to the file given, prints "ready", and stops them all when stdin closes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimPair, type SimPair } from '../src-main/simulator/index'

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100)
  const out = process.argv[3]
  const pairs: SimPair[] = []
  const dirs: string[] = []
  for (let i = 0; i < n; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'nsmhad-farm-'))
    dirs.push(dir)
    pairs.push(await startSimPair({ scenario: 'healthy', dir }))
  }
  const configs = pairs.map((p, i) => {
    const c = p.pairConfig(`pool-${i}`)
    for (const role of ['primary', 'secondary'] as const) c[role] = { ...c[role], auth: 'key', identityFile: p[role].clientKeyPath }
    return c
  })
  writeFileSync(out, JSON.stringify(configs))
  process.stdout.write('ready\n')
  process.stdin.resume()
  process.stdin.on('end', () => {
    void Promise.all(pairs.map((p) => p.stop())).then(() => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
      process.exit(0)
    })
  })
}
void main()
