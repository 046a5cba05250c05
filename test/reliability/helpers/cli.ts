/** Drive the real CLI (bin/nsm-ha-doctor.mjs) as a user would, and read what it stored. */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import type { RunReport } from '../../../src-main/shared/domain/run'
import type { SimNodeInfo } from '../../../src-main/simulator/index'

export const ROOT = resolve(__dirname, '..', '..', '..')
export const BIN = join(ROOT, 'bin', 'nsm-ha-doctor.mjs')

/** The `check` command is in the tree (not the placeholder). */
export function cliCheckAvailable(): boolean {
  const src = join(ROOT, 'src-main/cli/commands/check.ts')
  return existsSync(src) && !/not available yet/.test(readFileSync(src, 'utf8'))
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  json?: RunReport & { nodes: RunReport['nodes'] }
}

export function spawnCli(args: string[], home: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NSM_HA_DOCTOR_HOME: home, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((res) =>
    child.on('close', (code, signal) => {
      let json: CliResult['json']
      try {
        json = JSON.parse(stdout) as CliResult['json']
      } catch {
        json = undefined
      }
      res({ code, signal, stdout, stderr, json })
    })
  )
}

export function runCli(args: string[], home: string, env: Record<string, string> = {}): Promise<CliResult> {
  return collect(spawnCli(args, home, env))
}

export function target(n: Pick<SimNodeInfo, 'user' | 'host' | 'port'>): string {
  return `${n.user}@${n.host}:${n.port}`
}

/** `check` arguments for an ad-hoc run of a simulated pair (key auth, host keys pinned in a file). */
export function checkArgs(
  sim: { primary: SimNodeInfo; secondary: SimNodeInfo },
  home: string,
  over: { primary?: string; secondary?: string; identity?: string; knownHosts?: string; acceptNew?: boolean; extra?: string[] } = {}
): string[] {
  return [
    'check',
    '--primary',
    over.primary ?? target(sim.primary),
    '--secondary',
    over.secondary ?? target(sim.secondary),
    '--identity',
    over.identity ?? sim.primary.clientKeyPath,
    '--known-hosts',
    over.knownHosts ?? join(home, 'known_hosts'),
    ...(over.acceptNew === false ? [] : ['--accept-new-host-keys']),
    '--nsm-home',
    sim.primary.nsmHome,
    '--nsm-data',
    sim.primary.nsmData,
    '--format',
    'json',
    ...(over.extra ?? [])
  ]
}

export interface StoredRun {
  id: number
  state: string
  verdict: string | null
  pair_name: string
}

/** Runs in the CLI's SQLite file (read-only; no migration, no marking). */
export function storedRuns(home: string): StoredRun[] {
  const file = join(home, 'nsm-ha-doctor.sqlite')
  if (!existsSync(file)) return []
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT id, state, verdict, pair_name FROM runs ORDER BY id').all() as StoredRun[]
  } finally {
    db.close()
  }
}

/** A one-line reason: non-empty, no newline, not a stack trace. */
export function isOneLine(s: string | undefined): boolean {
  return typeof s === 'string' && s.trim().length > 0 && !s.includes('\n') && !/\n\s+at /.test(s)
}
