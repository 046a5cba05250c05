/**
 * `nsm-ha-doctor fix FIX_ID --pair NAME [--dry-run] [--yes] [--source primary|secondary] [--confirm NAME]`
 * Builds the plan from a fresh run, prints it; --dry-run stops there. Destructive fixes need the pair name
 * typed (prompted, or --confirm NAME with --yes in scripts). Exit 0 success, 2 failed, 3 refused/usage.
 * Ad-hoc targets work like `check`: --primary/--secondary [user@]host[:port] with --password-env/--identity,
 * --jump, --sudo, --allow-legacy-algorithms. The re-check after the fix is a run saved in the history
 * (saved pairs through the run service, ad-hoc ones under their name), as the app's is; --no-save: not.
 * Every text line goes through say/sayError (control characters of node output, names and hosts as visible
 * escapes; check summaries and node errors redacted first, as `check` shows them); JSON through sayJson.
 */
import { createInterface } from 'node:readline'
import { FIX_IDS, isFixId, type FixId, type FixOptions, type FixOutcome, type FixPlan } from '../../shared/domain/fix'
import type { PairConfig } from '../../shared/domain/pair'
import type { NodeRole } from '../../shared/domain/check'
import type { RunReport } from '../../shared/domain/run'
import { applyFix, buildPlan, formatPlan, MemoryFixAudit, type FixAuditSink } from '../../main/fixes'
import { MemoryHostKeyStore, openFixSession } from '../../main/fixes/session'
import { runBy } from '../../main/platform/who'
import type { PairSecrets } from '../../main/secrets/types'
import type { SavedPair } from '../../main/db/pair-repo'
import type { HostKeyStore } from '../../main/ssh/executor'
import { KnownHostsFile } from '../../main/ssh/known-hosts-file'
import { envSecret, fail, HELP_OPTION, parseCommand, UsageError } from '../args'
import { pairFromFlags, TARGET_HELP, TARGET_OPTIONS, type TargetFlags } from '../pair-flags'
import { openCliStore } from '../store'
import { cliRunService, runAdHoc, withPassword } from '../runs'
import { say, sayError, sayJson, terminalLine, terminalSafe } from '../format/terminal'

const USAGE = `usage: nsm-ha-doctor fix FIX_ID (--pair NAME | --primary [user@]host[:port] --secondary [user@]host[:port])
    [--dry-run] [--yes] [--confirm PAIR_NAME] [--source primary|secondary] [--target primary|secondary]
    [--allow-delete] [--ack-repeat] [--wait SECONDS] [--format text|json]
    [--known-hosts FILE] [--accept-new-host-keys] [--sudo] [--allow-legacy-algorithms] [--no-save]
ad-hoc targets:
${TARGET_HELP}
  --sudo                     run the probe and the fix with sudo -n when the login user is not root
fix ids: ${FIX_IDS.join(', ')}
exit: 0 done and re-checked, 2 failed, 3 refused / usage / connection error`

const OPTIONS = {
  ...TARGET_OPTIONS,
  pair: { type: 'string' },
  confirm: { type: 'string' },
  source: { type: 'string' },
  target: { type: 'string' },
  wait: { type: 'string' },
  format: { type: 'string' },
  'known-hosts': { type: 'string' },
  sudo: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  'allow-delete': { type: 'boolean' },
  'ack-repeat': { type: 'boolean' },
  'accept-new-host-keys': { type: 'boolean' },
  'no-save': { type: 'boolean' },
  ...HELP_OPTION
} as const

interface FixFlags extends TargetFlags {
  pair?: string
  confirm?: string
  source?: string
  target?: string
  wait?: string
  format?: string
  'known-hosts'?: string
  sudo?: boolean
  'dry-run'?: boolean
  yes?: boolean
  'allow-delete'?: boolean
  'ack-repeat'?: boolean
  'accept-new-host-keys'?: boolean
  'no-save'?: boolean
  help?: boolean
}

function role(value: string | undefined, flag: string): NodeRole | undefined {
  if (value === undefined) return undefined
  if (value !== 'primary' && value !== 'secondary') throw new UsageError(`--${flag} must be primary or secondary`)
  return value
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (a) => resolve(a.trim()))
      rl.once('close', () => resolve(''))
    })
  } finally {
    rl.close()
  }
}

interface Target {
  pair: PairConfig
  secrets: PairSecrets
  hostKeys: HostKeyStore
  salt?: string
  audit: FixAuditSink
  /** the re-check after the fix: a run saved in the history like any other (unless --no-save) */
  recheck(signal?: AbortSignal): Promise<RunReport>
  close(): void
}

const CONNECT_TIMEOUT_MS = 15_000

async function adhocTarget(f: FixFlags): Promise<Target> {
  const { pair, secrets } = pairFromFlags(f, { sudo: f.sudo ? 'sudo' : 'none', requireCredentials: true })
  const acceptNewHostKeys = f['accept-new-host-keys'] === true
  const fileKeys = f['known-hosts'] ? new KnownHostsFile(f['known-hosts']) : undefined
  if (f['no-save']) {
    const hostKeys = fileKeys ?? new MemoryHostKeyStore()
    return {
      pair,
      secrets,
      hostKeys,
      audit: new MemoryFixAudit(),
      close: () => {},
      recheck: (signal) => runAdHoc(undefined, pair, secrets, { hostKeys, acceptNewHostKeys, connectTimeoutMs: CONNECT_TIMEOUT_MS, signal })
    }
  }
  // ad-hoc targets need no keychain: only the audit, the history and the pinned host keys of the data dir
  const store = await openCliStore({ runsChecks: true, noKeychain: true })
  const hostKeys = fileKeys ?? store.hostKeys
  return {
    pair,
    secrets,
    hostKeys,
    audit: store.fixAudit,
    close: () => store.close(),
    recheck: (signal) =>
      runAdHoc(store.history, pair, secrets, { hostKeys, acceptNewHostKeys, connectTimeoutMs: CONNECT_TIMEOUT_MS, signal })
  }
}

async function savedTarget(name: string, f: FixFlags): Promise<Target> {
  const store = await openCliStore({ runsChecks: true })
  try {
    const { loadSavedPair } = await import('../saved-pair')
    const loaded = await loadSavedPair(name, store)
    const password = envSecret('password-env', f['password-env'])
    const secrets = withPassword(loaded.secrets, password)
    // --sudo and --allow-legacy-algorithms add to what the saved pair says, for this fix only
    const withSudo = (e: SavedPair['primary']): SavedPair['primary'] => (f.sudo && e.sudo === 'none' ? { ...e, sudo: 'sudo' } : e)
    const pair: SavedPair = {
      ...loaded.pair,
      primary: withSudo(loaded.pair.primary),
      secondary: withSudo(loaded.pair.secondary),
      ...(f['allow-legacy-algorithms'] ? { allowLegacyAlgorithms: true } : {})
    }
    const hostKeys = f['known-hosts'] ? new KnownHostsFile(f['known-hosts']) : store.hostKeys
    const service = cliRunService(store, {
      password,
      hostKeys,
      acceptNewHostKeys: f['accept-new-host-keys'] === true,
      allowLegacyAlgorithms: f['allow-legacy-algorithms'],
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      save: f['no-save'] !== true
    })
    return {
      pair,
      secrets,
      salt: loaded.pair.salt,
      hostKeys,
      audit: store.fixAudit,
      close: () => store.close(),
      recheck: async (signal) => {
        const report = await service.run(loaded.pair.id, { trigger: 'cli', ...(signal ? { signal } : {}) })
        if (f['no-save']) delete report.runId
        return report
      }
    }
  } catch (err) {
    store.close()
    throw err
  }
}

export async function run(argv: string[]): Promise<number> {
  let f: FixFlags
  let positionals: string[]
  try {
    ;({ values: f, positionals } = parseCommand({ args: argv, options: OPTIONS, allowPositionals: true }))
  } catch (err) {
    return fail('fix', err, USAGE)
  }
  if (f.help) {
    say(USAGE)
    return 0
  }
  const raw = positionals[0]
  const fixId = raw && (isFixId(raw) ? raw : isFixId(`fix.${raw}`) ? (`fix.${raw}` as FixId) : undefined)
  if (!fixId || positionals.length > 1) {
    return fail('fix', new UsageError(raw ? `unknown fix id "${raw}"` : 'missing FIX_ID'), USAGE)
  }
  const json = f.format === 'json'
  let target: Target | undefined
  try {
    if (f.format !== undefined && f.format !== 'text' && f.format !== 'json') throw new UsageError('--format must be text or json')
    const options: FixOptions = {}
    const src = role(f.source, 'source')
    const tgt = role(f.target, 'target')
    if (src) options.sourceNode = src
    if (tgt) options.targetNode = tgt
    if (f.wait !== undefined) {
      const w = Number(f.wait)
      if (!Number.isFinite(w) || w < 5) throw new UsageError('--wait must be a number of seconds (at least 5)')
      options.waitSeconds = w
    }
    target = f.pair ? await savedTarget(f.pair, f) : await adhocTarget(f)
    const session = openFixSession({
      pair: target.pair,
      secrets: target.secrets,
      hostKeys: target.hostKeys,
      salt: target.salt,
      acceptNewHostKeys: f['accept-new-host-keys'] === true
    })
    const log = (line: string): void => (json ? sayError(line) : say(line))
    log(`running the checks on ${target.pair.name} ...`)
    const report = await session.run()
    const bad = report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped')
    log(
      `checks: ${report.summary.pass} pass, ${report.summary.warn} warn, ${report.summary.fail} fail, ${report.summary.unknown} unknown${bad.length ? ` (${bad.map((c) => `${c.id}=${c.status}`).join(', ')})` : ''}`
    )
    const unreachable = (['primary', 'secondary'] as const).filter((r) => !report.nodes[r].reachable)
    if (unreachable.length > 0) {
      sayError(
        `nsm-ha-doctor fix: cannot reach the ${unreachable.join(' and ')}: ${terminalLine(report.nodes[unreachable[0]].error ?? 'unreachable')}`
      )
      return 3
    }
    const plan = buildPlan(fixId, { pair: target.pair, report, options })
    if (json && f['dry-run']) sayJson({ plan })
    else log(planPreview(plan))
    if (f['dry-run']) return plan.ready ? 0 : 3
    if (!plan.ready) {
      sayError(`nsm-ha-doctor fix: refused: ${plan.blockers[0]}`)
      return 3
    }
    const confirmation = await confirm(plan, f)
    if (confirmation === null) return 3
    const outcome = await applyFix(plan, {
      connect: session.connect,
      confirmation,
      acknowledgeRepeat: f['ack-repeat'] === true,
      acknowledgeDelete: f['allow-delete'] === true,
      onOutput: (line, ctx) => log(stepLine(line, ctx)),
      audit: target.audit,
      by: runBy(),
      baseline: report,
      recheck: target.recheck
    })
    if (json) sayJson({ plan, outcome })
    else for (const line of outcomeLines(outcome)) say(line)
    if (outcome.status === 'refused' || outcome.status === 'cancelled') {
      sayError(`nsm-ha-doctor fix: ${outcome.message}`)
      return 3
    }
    if (outcome.status === 'failed') return 2
    return outcome.recheck && (outcome.recheck.stillFailing.length > 0 || outcome.recheck.regressions.length > 0) ? 2 : 0
  } catch (err) {
    return fail('fix', err, USAGE)
  } finally {
    target?.close()
  }
}

/** The typed confirmation (destructive) or the go-ahead; null = refused (message already printed). */
async function confirm(plan: FixPlan, f: FixFlags): Promise<string | undefined | null> {
  const given = f.confirm
  const interactive = process.stdin.isTTY === true
  if (plan.destructive) {
    if (given !== undefined) return given
    if (f.yes || !interactive) {
      sayError(`nsm-ha-doctor fix: ${plan.fixId} is destructive: confirm with --confirm "${plan.confirmationRequired}"`)
      return null
    }
    const typed = await ask(`${plan.fixId} is destructive. Type the pair name (${plan.confirmationRequired}) to go ahead: `)
    return typed
  }
  if (f.yes) return given
  if (!interactive) {
    sayError('nsm-ha-doctor fix: not a terminal: pass --yes to apply (or --dry-run to preview)')
    return null
  }
  const answer = await ask('Apply this plan? [y/N] ')
  if (!/^y(es)?$/i.test(answer)) {
    sayError('nsm-ha-doctor fix: not applied')
    return null
  }
  return given
}

/**
 * The plan as previewed: exactly the plan's text (commands, titles and notes are not redacted: the admin reads
 * what will run), its control characters as visible escapes.
 */
export function planPreview(plan: FixPlan): string {
  return terminalSafe(`\n${formatPlan(plan)}\n`)
}

/** One line of a step's output (already masked by the fix executor) or of its progress, made terminal-safe. */
export function stepLine(line: string, ctx: { node: NodeRole | null; stream: 'stdout' | 'stderr' | 'info' }): string {
  return terminalSafe(ctx.stream === 'info' ? `== ${line}` : `  ${ctx.node ?? ''}${ctx.stream === 'stderr' ? '!' : '>'} ${line}`)
}

/** The end of a fix in text: result, state left, the re-check (check summaries redacted, as `check` shows them), terminal-safe. */
export function outcomeLines(o: FixOutcome): string[] {
  const out = [`\nresult: ${o.status} — ${o.message}`, `state left: ${o.stateLeft}`]
  if (o.recheck) {
    out.push(
      `re-check: ${o.recheck.stillFailing.length === 0 ? 'the affected checks pass' : `still failing: ${o.recheck.stillFailing.join(', ')}`}${o.recheck.regressions.length ? `; REGRESSED: ${o.recheck.regressions.join(', ')}` : ''}`
    )
    for (const c of o.recheck.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped'))
      out.push(`  ${c.id}: ${c.status} — ${terminalLine(c.summary)}`)
  }
  if (o.auditId !== undefined) out.push(`audit row ${o.auditId}`)
  return out.map(terminalSafe)
}
