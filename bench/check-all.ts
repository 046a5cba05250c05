/**
 * `nsm-ha-doctor check --all` over the pool farm's simulated pairs, as cron would run it: the pairs are
 * saved in a temp data dir (key auth), then the real CLI (bin → bundle, a child process) checks them all
 * through its bounded pool, pinning host keys on first use, saving every run. Figures, not assertions.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openAppStore } from '../src-main/main/store/app-store'
import { SessionSecretStore } from '../src-main/main/secrets/session-store'
import type { PairConfig } from '../src-main/shared/domain/pair'
import { ms, type Row } from './lib/stats'

const BIN = resolve(__dirname, '..', 'bin', 'nsm-ha-doctor.mjs')

function runCli(args: string[], home: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now()
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NSM_HA_DOCTOR_HOME: home, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - t0 }))
  })
}

/** Save the farm's pairs (JSON file of PairConfig) and time `check --all` over them. */
export async function benchCheckAll(configFile: string, concurrency: number): Promise<Row[]> {
  const configs = JSON.parse(readFileSync(configFile, 'utf8')) as PairConfig[]
  const home = mkdtempSync(join(tmpdir(), 'nsmhad-bench-checkall-'))
  try {
    const store = await openAppStore({ dir: home, secretStore: new SessionSecretStore() })
    try {
      for (const c of configs) store.pairs.save({ ...c, tags: ['bench'] })
    } finally {
      store.close()
    }
    const section = `check --all, ${configs.length} pairs`
    const args = ['check', '--all', '--concurrency', String(concurrency), '--accept-new-host-keys']
    const first = await runCli(args, home)
    const again = await runCli(args, home)
    const verdicts = (out: string): string =>
      JSON.stringify(
        out
          .trim()
          .split('\n')
          .reduce<Record<string, number>>((m, l) => ((m[l.split(' ')[0]] = (m[l.split(' ')[0]] ?? 0) + 1), m), {})
      )
    return [
      {
        section,
        name: `nsm-ha-doctor check --all --concurrency ${concurrency} (CLI process, first run: pins host keys)`,
        value: ms(first.ms),
        note: `exit ${first.code}; ${(first.ms / configs.length).toFixed(0)} ms per pair amortised; lines ${verdicts(first.stdout)}`
      },
      {
        section,
        name: 'the same again (keys pinned, previous runs read)',
        value: ms(again.ms),
        note: `exit ${again.code}; lines ${verdicts(again.stdout)}${again.stderr ? `; stderr ${again.stderr.split('\n')[0].slice(0, 120)}` : ''}`
      }
    ]
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
