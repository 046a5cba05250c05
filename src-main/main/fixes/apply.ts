/**
 * applyFix: run a FixPlan. Order: plan ready → not repeated within 10 minutes (unless acknowledged) →
 * typed confirmation → delete acknowledgement → live preconditions → steps in order with live output →
 * stop at the first failing step (then only `always` steps) → state left → affected checks re-run → audit.
 */
import { CHECK_IDS, type CheckId, type CheckResult, type CheckStatus, type NodeRole } from '../../shared/domain/check'
import {
  fixDefinition,
  isFixId,
  type FixOutcome,
  type FixOutcomeStatus,
  type FixPlan,
  type FixRecheck,
  type FixStep,
  type FixStepOutcome
} from '../../shared/domain/fix'
import { worstStatus, type RunReport } from '../../shared/domain/run'
import type { SshExecutor } from '../ssh/executor'
import { REPEAT_WINDOW_MS, type FixAuditSink } from './audit'
import { judgeLive } from './preconditions'
import { LineBudget, StreamLines } from './output-cap'
import { errorLine } from '../../shared/error-line'

export interface ApplyOptions {
  /** opens a connection to a node (once per node per execution; applyFix closes them when done) */
  connect(role: NodeRole): Promise<SshExecutor>
  /** the text the admin typed (must equal plan.confirmationRequired for destructive fixes) */
  confirmation?: string
  /** the same fix ran on this pair within 10 minutes and the admin wants it again */
  acknowledgeRepeat?: boolean
  /** no room for backups: the admin accepts that database files are deleted */
  acknowledgeDelete?: boolean
  /** live output, one line at a time, secrets masked */
  onOutput?(line: string, ctx: { stepId: string | null; node: NodeRole | null; stream: 'stdout' | 'stderr' | 'info' }): void
  signal?: AbortSignal
  audit?: FixAuditSink
  now?: () => number
  /** re-run the checks (runPair); its report's checks are compared with `baseline` */
  recheck?(signal?: AbortSignal): Promise<RunReport>
  /** the run the plan was built from (regressions are measured against it) */
  baseline?: RunReport
  /** OS user@host for the audit */
  by?: string
}

const MASK = '[secret]'

class Masker {
  private readonly secrets = new Set<string>()
  add(v: string): void {
    if (v.length >= 3) this.secrets.add(v)
  }
  mask(text: string): string {
    let out = text
    for (const s of this.secrets) out = out.split(s).join(MASK)
    return out
  }
}

function shortName(plan: FixPlan): string {
  return isFixId(plan.fixId) ? fixDefinition(plan.fixId).shortName : plan.fixId
}

/**
 * Run a plan, phase by phase: the guards before anything touches a node, the live preconditions, the
 * audit row "in progress", the steps, and the conclusion (state left, re-check, audit). A phase that ends
 * the execution returns its outcome.
 */
export async function applyFix(plan: FixPlan, o: ApplyOptions): Promise<FixOutcome> {
  const run = new FixExecution(plan, o)
  const stopped = (await guard(run)) ?? (await checkLive(run))
  if (stopped) return stopped
  await recordStart(run)
  return conclude(run, await runSteps(run))
}

type Stream = 'stdout' | 'stderr' | 'info'

/** One execution of a plan: its output log (masked), step outcomes, connections and audit row. */
class FixExecution {
  readonly now: () => number
  readonly startedAt: string
  readonly masker = new Masker()
  readonly log: string[] = []
  readonly steps: FixStepOutcome[] = []
  readonly conns = new Map<NodeRole, SshExecutor>()
  readonly confirmationText: string
  startedRow: number | undefined

  constructor(
    readonly plan: FixPlan,
    readonly o: ApplyOptions
  ) {
    this.now = o.now ?? Date.now
    this.startedAt = new Date(this.now()).toISOString()
    this.confirmationText = [
      plan.confirmationRequired
        ? o.confirmation === plan.confirmationRequired
          ? `typed "${o.confirmation}"`
          : 'not given'
        : 'not required',
      o.acknowledgeRepeat ? 'repeat acknowledged' : '',
      o.acknowledgeDelete ? 'delete acknowledged' : ''
    ]
      .filter(Boolean)
      .join('; ')
  }

  emit(line: string, stepId: string | null, node: NodeRole | null, stream: Stream): void {
    const masked = this.masker.mask(line)
    this.log.push(stream === 'info' ? `# ${masked}` : `${node ?? '-'}${stream === 'stderr' ? '!' : ':'} ${masked}`)
    this.o.onOutput?.(masked, { stepId, node, stream })
  }

  async connect(role: NodeRole): Promise<SshExecutor> {
    const have = this.conns.get(role)
    if (have) return have
    const c = await this.o.connect(role)
    this.conns.set(role, c)
    return c
  }

  /** the audit entry of this execution as it stands */
  auditEntry(result: FixOutcomeStatus, finishedAt: string, stateLeft: string) {
    const plan = this.plan
    return {
      ...(plan.pair.id !== undefined ? { pairId: plan.pair.id } : {}),
      pairName: plan.pair.name,
      fixId: plan.fixId,
      startedAt: this.startedAt,
      finishedAt,
      by: this.o.by ?? 'unknown',
      plan,
      confirmation: this.confirmationText,
      output: this.log.join('\n'),
      result,
      stateLeft
    }
  }

  /** end the execution: the outcome, written to the audit (the row begun by recordStart, or a new one), connections closed */
  async finish(status: FixOutcomeStatus, message: string, stateLeft: string, extra: Partial<FixOutcome> = {}): Promise<FixOutcome> {
    this.emit(message, null, null, 'info')
    const outcome: FixOutcome = {
      fixId: this.plan.fixId,
      status,
      message,
      steps: this.steps,
      stateLeft,
      startedAt: this.startedAt,
      finishedAt: new Date(this.now()).toISOString(),
      ...extra
    }
    const audit = this.o.audit
    if (audit) {
      try {
        const entry = this.auditEntry(status, outcome.finishedAt, stateLeft)
        if (typeof this.startedRow === 'number' && audit.update) {
          await audit.update(this.startedRow, entry)
          outcome.auditId = this.startedRow
        } else {
          const id = await audit.record(entry)
          if (id !== undefined && id !== null) outcome.auditId = id as number | string
        }
      } catch (err) {
        outcome.message += ` (audit not written: ${errorLine(err)})`
      }
    }
    for (const c of this.conns.values()) {
      try {
        c.close()
      } catch {
        /* already closed */
      }
    }
    return outcome
  }

  refuse(precondition: string, measured: string, message?: string): Promise<FixOutcome> {
    return this.finish(
      'refused',
      message ?? `${shortName(this.plan)} refused: ${precondition} (${measured})`,
      'unchanged: nothing was run',
      {
        refusal: { precondition, measured }
      }
    )
  }
}

/** Before anything touches a node: the plan is ready, not a repeat (unless acknowledged), confirmed, deletion acknowledged. */
async function guard(run: FixExecution): Promise<FixOutcome | undefined> {
  const { plan, o } = run
  if (!plan.ready) return run.refuse(plan.blockers[0] ?? 'the plan is not ready', 'plan not ready')
  if (o.audit) {
    const key = plan.pair.id ?? plan.pair.name
    const recent = (await o.audit.recent(key, plan.fixId, run.now() - REPEAT_WINDOW_MS)).filter(
      (e) => !(e && typeof e === 'object' && 'result' in e && (e as { result: string }).result === 'refused')
    )
    if (recent.length > 0 && !o.acknowledgeRepeat)
      return run.refuse(
        'the same fix ran on this pair less than 10 minutes ago and the repeat was not acknowledged',
        `${recent.length} execution(s) in the last 10 minutes`
      )
  }
  if (plan.confirmationRequired !== null && o.confirmation !== plan.confirmationRequired)
    return run.refuse(
      `typed confirmation ${o.confirmation === undefined || o.confirmation === '' ? 'missing' : 'does not match'}: type the pair name "${plan.confirmationRequired}"`,
      o.confirmation === undefined || o.confirmation === '' ? 'nothing typed' : 'typed text differs'
    )
  if (plan.deleteAcknowledgementRequired && !o.acknowledgeDelete)
    return run.refuse(
      'no disk room for a backup and deleting the database files was not explicitly acknowledged',
      plan.notes.find((n) => /room/.test(n)) ?? 'no room'
    )
  return undefined
}

/** The plan's preconditions, measured live on the nodes: the first that fails refuses the fix. */
async function checkLive(run: FixExecution): Promise<FixOutcome | undefined> {
  const { plan, o } = run
  for (const p of plan.preconditions) {
    if (o.signal?.aborted) return run.finish('cancelled', 'cancelled before anything ran', 'unchanged: nothing was run')
    if (p.kind === 'static') {
      if (!p.ok) return run.refuse(p.refusal, p.measured)
      continue
    }
    if (!p.node || !p.command) continue
    let code: number | null
    let stdout: string
    try {
      const ex = await run.connect(p.node)
      const res = await ex.exec(p.command, { timeoutMs: 30_000, signal: o.signal })
      code = res.code
      stdout = res.stdout
    } catch (err) {
      return run.refuse(p.refusal, `could not check on the ${p.node}: ${errorLine(err)}`)
    }
    const j = judgeLive(p, code, stdout)
    run.emit(`precondition ${j.ok ? 'ok' : 'FAILED'}: ${p.description} — ${j.measured}`, null, p.node, 'info')
    if (!j.ok) return run.refuse(p.refusal, j.measured)
  }
  return undefined
}

/** An audit row first, completed at the end: a crash mid-fix leaves "in progress". */
async function recordStart(run: FixExecution): Promise<void> {
  if (!run.o.audit?.update) return
  try {
    const id = await run.o.audit.record(
      run.auditEntry('failed', run.startedAt, 'in progress: the fix was interrupted before it finished (state unknown: run the checks)')
    )
    if (typeof id === 'number') run.startedRow = id
  } catch {
    /* the final record() reports audit problems */
  }
}

interface StepsResult {
  failedAt?: { step: FixStep; index: number; code: number | null; reason: string }
  cancelled: boolean
  lastOk?: FixStep
  /** `always` steps that ran after a failure or a cancel */
  alwaysRan: FixStep[]
}

/** The steps in order with live output; after the first failure (or a cancel) only `always` steps run. */
async function runSteps(run: FixExecution): Promise<StepsResult> {
  const { plan, o } = run
  const captures = new Map<string, string>()
  const budget = new LineBudget()
  const r: StepsResult = { cancelled: false, alwaysRan: [] }
  for (let i = 0; i < plan.steps.length; i++) {
    const s = plan.steps[i]
    if (o.signal?.aborted && !r.failedAt && !r.cancelled) r.cancelled = true
    if ((r.failedAt || r.cancelled) && !s.always) {
      run.steps.push({
        stepId: s.id,
        node: s.node,
        title: s.title,
        command: s.command,
        status: 'skipped',
        exitCode: null,
        output: '',
        startedAt: new Date(run.now()).toISOString(),
        durationMs: 0
      })
      continue
    }
    const t0 = run.now()
    run.emit(`step ${i + 1}/${plan.steps.length} [${s.node}] ${s.title}`, s.id, s.node, 'info')
    const { out, code, reason } = await runStep(run, s, captures, budget)
    const ok = !reason
    run.steps.push({
      stepId: s.id,
      node: s.node,
      title: s.title,
      command: s.command,
      status: ok ? 'ok' : 'failed',
      exitCode: code,
      output: run.masker.mask(out),
      startedAt: new Date(t0).toISOString(),
      durationMs: run.now() - t0
    })
    if (ok) {
      if (r.failedAt || r.cancelled) r.alwaysRan.push(s)
      else r.lastOk = s
    } else {
      run.emit(`step ${i + 1} failed on the ${s.node}: ${reason}`, s.id, s.node, 'info')
      if (!r.failedAt && !r.cancelled) r.failedAt = { step: s, index: i, code, reason }
    }
  }
  return r
}

/** One step on its node: stdin from an earlier capture, output capped and masked, its capture checked and kept. */
async function runStep(
  run: FixExecution,
  s: FixStep,
  captures: Map<string, string>,
  budget: LineBudget
): Promise<{ out: string; code: number | null; reason: string }> {
  let out = ''
  let code: number | null = null
  let reason = ''
  const secret = s.capture?.kind === 'secret'
  let stdoutAll = ''
  try {
    const ex = await run.connect(s.node)
    let stdin: string | undefined
    if (s.stdinFrom) {
      const v = captures.get(s.stdinFrom)
      if (v === undefined) throw new Error(`no value captured for ${s.stdinFrom}`)
      stdin = `${v}\n`
    }
    budget.newStep()
    const keep = (stream: 'stdout' | 'stderr') => (line: string) => {
      run.emit(line, s.id, s.node, stream)
      out += `${run.masker.mask(line)}\n`
    }
    const lines = { stdout: new StreamLines(budget, keep('stdout')), stderr: new StreamLines(budget, keep('stderr')) }
    const onChunk = (stream: 'stdout' | 'stderr') => (chunk: string) => {
      if (stream === 'stdout' && secret) return
      lines[stream].push(chunk)
    }
    const res = await ex.exec(s.command, {
      stdin,
      timeoutMs: s.timeoutMs,
      // a cancel lets the running step finish (it is one remote command); later steps are skipped
      onStdout: onChunk('stdout'),
      onStderr: onChunk('stderr')
    })
    lines.stdout.end()
    lines.stderr.end()
    const left = budget.note()
    if (left) {
      run.emit(left, s.id, s.node, 'info')
      out += `${left}\n`
    }
    stdoutAll = res.stdout
    code = res.code
    if (res.cut) reason = res.cut
    else if (code !== 0) reason = `exit ${code ?? `signal ${res.signal ?? '?'}`}`
  } catch (err) {
    reason = errorLine(err)
  }
  if (!reason && s.capture) reason = keepCapture(run, s, stdoutAll, captures)
  return { out, code, reason }
}

/** Check a step's captured value against its pattern and keep it (a secret is masked from then on); the reason when refused. */
function keepCapture(run: FixExecution, s: FixStep, stdoutAll: string, captures: Map<string, string>): string {
  const capture = s.capture!
  const secret = capture.kind === 'secret'
  const value = stdoutAll.replace(/\r/g, '').replace(/\n+$/, '')
  const lines = value.split('\n').filter((l) => l !== '')
  const re = new RegExp(capture.pattern)
  if (lines.length === 0) return `nothing read for ${capture.name}`
  if (secret && lines.length !== 1) return `the ${capture.name} value is not one line: refused`
  if (!lines.every((l) => re.test(l))) return `the ${capture.name} value read from the node is not in the expected form: refused`
  if (secret) {
    run.masker.add(lines[0])
    run.emit(`${capture.name}: read (${lines[0].length} characters, never shown)`, s.id, s.node, 'info')
  }
  captures.set(capture.name, lines.join('\n'))
  return ''
}

/** The state left, the re-check of the affected checks, and the outcome with its message. */
async function conclude(run: FixExecution, r: StepsResult): Promise<FixOutcome> {
  const { plan, o } = run
  if (r.failedAt || r.cancelled) {
    const before = r.lastOk ? r.lastOk.leaves : 'unchanged'
    const after = r.alwaysRan.length > 0 ? `; then ${r.alwaysRan[r.alwaysRan.length - 1].leaves}` : ''
    const stateLeft = r.failedAt
      ? `stopped at step ${r.failedAt.index + 1}/${plan.steps.length} "${r.failedAt.step.title}" on the ${r.failedAt.step.node} (${r.failedAt.reason}). ` +
        `Before it: ${before}${after}. That step may have partly run.`
      : `cancelled after "${r.lastOk?.title ?? 'nothing'}": ${before}${after}.`
    const recheck = await runRecheck(plan, o)
    return run.finish(
      r.failedAt ? 'failed' : 'cancelled',
      r.failedAt ? `${shortName(plan)} failed at step ${r.failedAt.index + 1}: ${r.failedAt.reason}` : `${shortName(plan)} cancelled`,
      stateLeft,
      recheck ? { recheck } : {}
    )
  }
  const stateLeft = plan.steps[plan.steps.length - 1]?.leaves ?? 'done'
  const recheck = await runRecheck(plan, o)
  const msg = recheck
    ? recheck.stillFailing.length === 0 && recheck.regressions.length === 0
      ? `${shortName(plan)} done; ${plan.recheck.join(', ')} pass`
      : `${shortName(plan)} done; still failing: ${recheck.stillFailing.join(', ') || 'none'}; regressed: ${recheck.regressions.join(', ') || 'none'}`
    : `${shortName(plan)} done`
  const next = plan.next ?? []
  const nextText = next.map((n) => `; next: ${n.fixId} (${n.reason})`).join('')
  return run.finish('succeeded', `${msg}${nextText}`, stateLeft, { ...(recheck ? { recheck } : {}), ...(next.length ? { next } : {}) })
}

async function runRecheck(plan: FixPlan, o: ApplyOptions): Promise<FixRecheck | undefined> {
  if (!o.recheck) return undefined
  try {
    const report = await o.recheck()
    return compareRecheck(plan.recheck, report.checks, o.baseline?.checks)
  } catch (err) {
    o.onOutput?.(`re-check failed: ${errorLine(err)}`, { stepId: null, node: null, stream: 'info' })
    return undefined
  }
}

const GOOD: CheckStatus[] = ['pass', 'skipped']

export function compareRecheck(ids: readonly CheckId[], after: readonly CheckResult[], before?: readonly CheckResult[]): FixRecheck {
  const byId = new Map(after.map((c) => [c.id, c]))
  const stillFailing = ids.filter((id) => !GOOD.includes(byId.get(id)?.status ?? 'unknown'))
  const regressions: CheckId[] = []
  if (before)
    for (const b of before) {
      const a = byId.get(b.id)
      if (GOOD.includes(b.status) && a && !GOOD.includes(a.status)) regressions.push(b.id)
    }
  const checks = CHECK_IDS.map((id) => byId.get(id)).filter((c): c is CheckResult => !!c)
  const verdict = worstStatus(checks.map((c) => c.status))
  return { checks, stillFailing, regressions, verdict }
}
