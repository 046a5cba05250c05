/**
 * The command line against the simulated pair, exactly as cron or a monitoring system runs it:
 * `nsm-ha-doctor check … --format json` for every scenario must give the scenario's statuses for its
 * checks, pass/skipped for every other one, and the monitoring exit code — over the embedded SSH server
 * and over real OpenSSH sshd serving the same trees.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_IDS, exitCodeFor, type CheckStatus } from '../../src-main/shared/domain/check'
import type { RunReport } from '../../src-main/shared/domain/run'
import { SCENARIOS, SCENARIO_SPECS } from '../../src-main/shared/domain/scenario'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { findSshd, startOpenSshPair } from '../../src-main/simulator/openssh'
import { requireSystem } from '../helpers/system'

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

export function checkArgs(pair: SimPair, home: string): { args: string[]; env: Record<string, string> } {
  const p = pair.primary
  const s = pair.secondary
  const auth = p.password ? ['--password-env', 'SIM_PW'] : ['--identity', p.clientKeyPath]
  return {
    args: [
      'check',
      '--primary', `${p.user}@${p.host}:${p.port}`,
      '--secondary', `${s.user}@${s.host}:${s.port}`,
      ...auth,
      '--nsm-home', p.nsmHome,
      '--nsm-data', p.nsmData,
      '--ha-init', p.haInit,
      '--known-hosts', join(home, 'known_hosts'),
      '--accept-new-host-keys',
      '--format', 'json',
      '--no-save'
    ],
    env: { SIM_PW: p.password, NSM_HA_DOCTOR_HOME: home }
  }
}

function matrix(label: string, start: () => Promise<SimPair>, enabled: boolean): void {
  describe.skipIf(!enabled)(label, () => {
    let pair: SimPair
    let home: string
    beforeAll(async () => {
      home = mkdtempSync(join(tmpdir(), 'nhd-cli-'))
      pair = await start()
    })
    afterAll(async () => {
      await pair?.stop()
      rmSync(home, { recursive: true, force: true })
    })

    for (const scenario of SCENARIOS) {
      it(scenario, async () => {
        await pair.applyScenario(scenario)
        const { args, env } = checkArgs(pair, home)
        const r = await cli(args, env)
        expect(r.stderr).toBe('')
        const report = JSON.parse(r.stdout) as RunReport
        expect(report.schema).toBe(1)
        expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS])
        const expected = SCENARIO_SPECS[scenario].expect as Partial<Record<string, CheckStatus>>
        const wrong = report.checks
          .filter((c) => (expected[c.id] ? c.status !== expected[c.id] : c.status !== 'pass' && c.status !== 'skipped'))
          .map((c) => `${c.id}: ${c.status} (want ${expected[c.id] ?? 'pass/skipped'}) — ${c.summary}`)
        expect(wrong).toEqual([])
        expect(r.code).toBe(exitCodeFor(report.summary))
        for (const c of report.checks) expect(c.evidence.length, `${c.id} has evidence`).toBeGreaterThan(0)
        const text = r.stdout
        for (const secret of [pair.secrets.hmacKey, pair.secrets.oneTimePassword]) expect(text).not.toContain(secret)
      }, 120_000)
    }
  })
}

matrix('nsm-ha-doctor check against the embedded simulated pair', () => startSimPair(), true)
const sshd = requireSystem('sshd', findSshd() !== undefined, 'install openssh-server')
matrix('nsm-ha-doctor check against the pair served by OpenSSH sshd', () => startOpenSshPair(), sshd.available)
