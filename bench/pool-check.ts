/**
 * Child process of the pool benchmark: checks every pair of the JSON file at once through a bounded pool
 * and prints { ms, maxRssBytes, verdicts } — its own peak RSS is the figure (the servers live elsewhere).
 */
import { readFileSync } from 'node:fs'
import type { PairConfig } from '../src-main/shared/domain/pair'
import { checkPairs } from './lib/check'

async function main(): Promise<void> {
  const configs = JSON.parse(readFileSync(process.argv[2], 'utf8')) as PairConfig[]
  const limit = Number(process.argv[3] ?? 16)
  const t0 = performance.now()
  const verdicts = await checkPairs(configs, limit)
  const ms = performance.now() - t0
  process.stdout.write(`${JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, verdicts })}\n`)
}
void main()
