/**
 * `nsm-ha-doctor fix FIX_ID --pair NAME [--dry-run] [--yes] [--source primary|secondary] [--confirm NAME]`
 * Builds the plan from a fresh run, prints it; --dry-run stops there. Destructive fixes need the pair name
 * typed (prompted, or --confirm NAME with --yes in scripts). Exit 0 success, 2 failed, 3 refused/usage.
 * Ad-hoc targets work like `check`: --primary/--secondary [user@]host[:port] with --password-env/--identity.
 */
import { createInterface } from 'node:readline'
import { FIX_IDS, isFixId, type FixId, type FixOptions, type FixOutcome, type FixPlan } from '../../shared/domain/fix'
import { DEFAULT_NSM_PATHS, parseTarget, type NodeEndpoint, type PairConfig } from '../../shared/domain/pair'
import type { NodeRole } from '../../shared/domain/check'
import { applyFix, buildPlan, formatPlan, MemoryFixAudit, type FixAuditSink } from '../../main/fixes'
import { openFixSession } from '../../main/fixes/session'
import { runBy } from '../../main/platform/who'
import type { PairSecrets } from '../../main/secrets/types'
import type { HostKeyStore } from '../../main/ssh/executor'

const USAGE = `usage: nsm-ha-doctor fix FIX_ID (--pair NAME | --primary [user@]host[:port] --secondary [user@]host[:port])
    [--dry-run] [--yes] [--confirm PAIR_NAME] [--source primary|secondary] [--target primary|secondary]
    [--allow-delete] [--ack-repeat] [--wait SECONDS] [--format text|json]
    ad-hoc: [--name NAME] [--identity FILE] [--password-env VAR] [--accept-new-host-keys]
            [--nsm-home DIR] [--nsm-data DIR] [--ha-init FILE] [--no-save]
fix ids: ${FIX_IDS.join(', ')}
exit: 0 done and re-checked, 2 failed, 3 refused / usage / connection error`

const VALUED = new Set(['pair', 'confirm', 'source', 'target', 'wait', 'format', 'name', 'primary', 'secondary', 'identity', 'password-env', 'known-hosts', 'nsm-home', 'nsm-data', 'ha-init'])
const FLAGS = new Set(['dry-run', 'yes', 'allow-delete', 'ack-repeat', 'accept-new-host-keys', 'no-save', 'help'])

class UsageError extends Error {}

function parse(argv: string[]): { pos: string[]; v: Map<string, string>; f: Set<string> } {
  const pos: string[] = []
  const v = new Map<string, string>()
  const f = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('--')) {
      pos.push(a)
      continue
    }
    const eq = a.indexOf('=')
    const name = a.slice(2, eq < 0 ? undefined : eq)
    if (VALUED.has(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i]
      if (value === undefined) throw new UsageError(`--${name} needs a value`)
      v.set(name, value)
    } else if (FLAGS.has(name)) f.add(name)
    else throw new UsageError(`unknown option --${name}`)
  }
  return { pos, v, f }
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
  hostKeys?: HostKeyStore
  salt?: string
  audit: FixAuditSink
  close(): void
}

async function adhocTarget(a: ReturnType<typeof parse>): Promise<Target> {
  const p = a.v.get('primary')
  const s = a.v.get('secondary')
  if (!p || !s) throw new UsageError('give --pair NAME, or both --primary and --secondary')
  const pwVar = a.v.get('password-env')
  const password = pwVar ? process.env[pwVar] : undefined
  if (pwVar && password === undefined) throw new UsageError(`environment variable ${pwVar} is not set`)
  const identity = a.v.get('identity')
  const ep = (t: string): NodeEndpoint => {
    const x = parseTarget(t, process.env.USER ?? 'root')
    return { ...x, auth: identity ? 'key' : password !== undefined ? 'password' : 'agent', ...(identity ? { identityFile: identity } : {}), sudo: 'none' }
  }
  const pair: PairConfig = {
    name: a.v.get('name') ?? `${p} + ${s}`,
    primary: ep(p),
    secondary: ep(s),
    paths: {
      nsmHome: a.v.get('nsm-home') ?? DEFAULT_NSM_PATHS.nsmHome,
      nsmData: a.v.get('nsm-data') ?? DEFAULT_NSM_PATHS.nsmData,
      haInit: a.v.get('ha-init') ?? DEFAULT_NSM_PATHS.haInit
    },
    tags: [],
    notes: ''
  }
  const secrets = password !== undefined ? { primary: { password }, secondary: { password } } : {}
  if (a.f.has('no-save')) return { pair, secrets, audit: new MemoryFixAudit(), close: () => {} }
  const { openAppStore } = await import('../../main/db/app-store')
  const { SessionSecretStore } = await import('../../main/secrets/session-store')
  // ad-hoc targets need no keychain: only the audit and the pinned host keys of the data dir
  const store = await openAppStore({ markInterrupted: false, secretStore: new SessionSecretStore() })
  return { pair, secrets, hostKeys: store.hostKeys, audit: store.fixAudit, close: () => store.close() }
}

async function savedTarget(name: string): Promise<Target> {
  const { openAppStore } = await import('../../main/db/app-store')
  const { loadSavedPair } = await import('../../main/pairs/saved-pair')
  const store = await openAppStore({ markInterrupted: false })
  try {
    const loaded = await loadSavedPair(name, store)
    return { pair: loaded.pair, secrets: loaded.secrets, salt: loaded.pair.salt, hostKeys: store.hostKeys, audit: store.fixAudit, close: () => store.close() }
  } catch (err) {
    store.close()
    throw err
  }
}

export async function run(argv: string[]): Promise<number> {
  let a: ReturnType<typeof parse>
  try {
    a = parse(argv)
  } catch (err) {
    console.error(`nsm-ha-doctor fix: ${(err as Error).message}\n${USAGE}`)
    return 3
  }
  if (a.f.has('help')) {
    console.log(USAGE)
    return 0
  }
  const raw = a.pos[0]
  const fixId = raw && (isFixId(raw) ? raw : isFixId(`fix.${raw}`) ? (`fix.${raw}` as FixId) : undefined)
  if (!fixId || a.pos.length > 1) {
    console.error(`nsm-ha-doctor fix: ${raw ? `unknown fix id "${raw}"` : 'missing FIX_ID'}\n${USAGE}`)
    return 3
  }
  const json = a.v.get('format') === 'json'
  let target: Target | undefined
  try {
    const options: FixOptions = {}
    const src = role(a.v.get('source'), 'source')
    const tgt = role(a.v.get('target'), 'target')
    if (src) options.sourceNode = src
    if (tgt) options.targetNode = tgt
    if (a.v.has('wait')) {
      const w = Number(a.v.get('wait'))
      if (!Number.isFinite(w) || w < 5) throw new UsageError('--wait must be a number of seconds (at least 5)')
      options.waitSeconds = w
    }
    const pairName = a.v.get('pair')
    target = pairName ? await savedTarget(pairName) : await adhocTarget(a)
    const session = openFixSession({ pair: target.pair, secrets: target.secrets, hostKeys: target.hostKeys, salt: target.salt, acceptNewHostKeys: a.f.has('accept-new-host-keys') })
    const log = (line: string) => (json ? console.error(line) : console.log(line))
    log(`running the checks on ${target.pair.name} ...`)
    const report = await session.run()
    const bad = report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped')
    log(`checks: ${report.summary.pass} pass, ${report.summary.warn} warn, ${report.summary.fail} fail, ${report.summary.unknown} unknown${bad.length ? ` (${bad.map((c) => `${c.id}=${c.status}`).join(', ')})` : ''}`)
    const unreachable = (['primary', 'secondary'] as const).filter((r) => !report.nodes[r].reachable)
    if (unreachable.length > 0) {
      console.error(`nsm-ha-doctor fix: cannot reach the ${unreachable.join(' and ')}: ${report.nodes[unreachable[0]].error ?? 'unreachable'}`)
      return 3
    }
    const plan = buildPlan(fixId, { pair: target.pair, report, options })
    if (json && a.f.has('dry-run')) console.log(JSON.stringify({ plan }, null, 2))
    else log(`\n${formatPlan(plan)}\n`)
    if (a.f.has('dry-run')) return plan.ready ? 0 : 3
    if (!plan.ready) {
      console.error(`nsm-ha-doctor fix: refused: ${plan.blockers[0]}`)
      return 3
    }
    const confirmation = await confirm(plan, a)
    if (confirmation === null) return 3
    const outcome = await applyFix(plan, {
      connect: session.connect,
      confirmation,
      acknowledgeRepeat: a.f.has('ack-repeat'),
      acknowledgeDelete: a.f.has('allow-delete'),
      onOutput: (line, ctx) => log(ctx.stream === 'info' ? `== ${line}` : `  ${ctx.node ?? ''}${ctx.stream === 'stderr' ? '!' : '>'} ${line}`),
      audit: target.audit,
      by: runBy(),
      baseline: report,
      recheck: () => session.run()
    })
    if (json) console.log(JSON.stringify({ plan, outcome }, null, 2))
    else printOutcome(outcome)
    if (outcome.status === 'refused' || outcome.status === 'cancelled') {
      console.error(`nsm-ha-doctor fix: ${outcome.message}`)
      return 3
    }
    if (outcome.status === 'failed') return 2
    return outcome.recheck && (outcome.recheck.stillFailing.length > 0 || outcome.recheck.regressions.length > 0) ? 2 : 0
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0]
    console.error(`nsm-ha-doctor fix: ${msg}${err instanceof UsageError ? `\n${USAGE}` : ''}`)
    return 3
  } finally {
    target?.close()
  }
}

/** The typed confirmation (destructive) or the go-ahead; null = refused (message already printed). */
async function confirm(plan: FixPlan, a: ReturnType<typeof parse>): Promise<string | undefined | null> {
  const given = a.v.get('confirm')
  const interactive = process.stdin.isTTY === true
  if (plan.destructive) {
    if (given !== undefined) return given
    if (a.f.has('yes') || !interactive) {
      console.error(`nsm-ha-doctor fix: ${plan.fixId} is destructive: confirm with --confirm "${plan.confirmationRequired}"`)
      return null
    }
    const typed = await ask(`${plan.fixId} is destructive. Type the pair name (${plan.confirmationRequired}) to go ahead: `)
    return typed
  }
  if (a.f.has('yes')) return given
  if (!interactive) {
    console.error('nsm-ha-doctor fix: not a terminal: pass --yes to apply (or --dry-run to preview)')
    return null
  }
  const answer = await ask('Apply this plan? [y/N] ')
  if (!/^y(es)?$/i.test(answer)) {
    console.error('nsm-ha-doctor fix: not applied')
    return null
  }
  return given
}

function printOutcome(o: FixOutcome): void {
  console.log(`\nresult: ${o.status} — ${o.message}`)
  console.log(`state left: ${o.stateLeft}`)
  if (o.recheck) {
    console.log(`re-check: ${o.recheck.stillFailing.length === 0 ? 'the affected checks pass' : `still failing: ${o.recheck.stillFailing.join(', ')}`}${o.recheck.regressions.length ? `; REGRESSED: ${o.recheck.regressions.join(', ')}` : ''}`)
    for (const c of o.recheck.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped')) console.log(`  ${c.id}: ${c.status} — ${c.summary}`)
  }
  if (o.auditId !== undefined) console.log(`audit row ${o.auditId}`)
}
