/** The real CLI (bin → bundle) as a child process, and the `check` arguments for a simulated pair. */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import type { SimPair } from '../../src-main/simulator/index'

const BIN = join(__dirname, '../../bin/nsm-ha-doctor.mjs')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Run the CLI as a child process (async: the simulator lives in this process). */
export function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export function checkArgs(pair: SimPair, home: string, format = 'json'): { args: string[]; env: Record<string, string> } {
  const p = pair.primary
  const s = pair.secondary
  const auth = p.password ? ['--password-env', 'SIM_PW'] : ['--identity', p.clientKeyPath]
  return {
    args: [
      'check',
      '--primary',
      `${p.user}@${p.host}:${p.port}`,
      '--secondary',
      `${s.user}@${s.host}:${s.port}`,
      ...auth,
      '--nsm-home',
      p.nsmHome,
      '--nsm-data',
      p.nsmData,
      '--ha-init',
      p.haInit,
      '--known-hosts',
      join(home, 'known_hosts'),
      '--accept-new-host-keys',
      '--format',
      format,
      '--no-save'
    ],
    env: { SIM_PW: p.password, NSM_HA_DOCTOR_HOME: home }
  }
}
