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

export async function applyFix(plan: FixPlan, o: ApplyOptions): Promise<FixOutcome> {
  const now = o.now ?? Date.now
  const startedAt = new Date(now()).toISOString()
  const masker = new Masker()
  const log: string[] = []
  const steps: FixStepOutcome[] = []
  const conns = new Map<NodeRole, SshExecutor>()
  let startedRow: number | undefined
  const emit = (line: string, stepId: string | null, node: NodeRole | null, stream: 'stdout' | 'stderr' | 'info') => {
    const masked = masker.mask(line)
    log.push(stream === 'info' ? `# ${masked}` : `${node ?? '-'}${stream === 'stderr' ? '!' : ':'} ${masked}`)
    o.onOutput?.(masked, { stepId, node, stream })
  }
  const confirmationText = [
    plan.confirmationRequired ? (o.confirmation === plan.confirmationRequired ? `typed "${o.confirmation}"` : 'not given') : 'not required',
    o.acknowledgeRepeat ? 'repeat acknowledged' : '',
    o.acknowledgeDelete ? 'delete acknowledged' : ''
  ]
    .filter(Boolean)
    .join('; ')

  const finish = async (
    status: FixOutcomeStatus,
    message: string,
    stateLeft: string,
    extra: Partial<FixOutcome> = {}
  ): Promise<FixOutcome> => {
    emit(message, null, null, 'info')
    const outcome: FixOutcome = {
      fixId: plan.fixId,
      status,
      message,
      steps,
      stateLeft,
      startedAt,
      finishedAt: new Date(now()).toISOString(),
      ...extra
    }
    if (o.audit) {
      try {
        const entry = {
          ...(plan.pair.id !== undefined ? { pairId: plan.pair.id } : {}),
          pairName: plan.pair.name,
          fixId: plan.fixId,
          startedAt,
          finishedAt: outcome.finishedAt,
          by: o.by ?? 'unknown',
          plan,
          confirmation: confirmationText,
          output: log.join('\n'),
          result: status,
          stateLeft
        }
        if (typeof startedRow === 'number' && o.audit.update) {
          await o.audit.update(startedRow, entry)
          outcome.auditId = startedRow
        } else {
          const id = await o.audit.record(entry)
          if (id !== undefined && id !== null) outcome.auditId = id as number | string
        }
      } catch (err) {
        outcome.message += ` (audit not written: ${errorLine(err)})`
      }
    }
    for (const c of conns.values()) {
      try {
        c.close()
      } catch {
        /* already closed */
      }
    }
    return outcome
  }
  const refuse = (precondition: string, measured: string, message?: string) =>
    finish('refused', message ?? `${shortName(plan)} refused: ${precondition} (${measured})`, 'unchanged: nothing was run', {
      refusal: { precondition, measured }
    })

  // --- before anything touches a node ---
  if (!plan.ready) return refuse(plan.blockers[0] ?? 'the plan is not ready', 'plan not ready')
  if (o.audit) {
    const key = plan.pair.id ?? plan.pair.name
    const recent = (await o.audit.recent(key, plan.fixId, now() - REPEAT_WINDOW_MS)).filter(
      (e) => !(e && typeof e === 'object' && 'result' in e && (e as { result: string }).result === 'refused')
    )
    if (recent.length > 0 && !o.acknowledgeRepeat)
      return refuse(
        'the same fix ran on this pair less than 10 minutes ago and the repeat was not acknowledged',
        `${recent.length} execution(s) in the last 10 minutes`
      )
  }
  if (plan.confirmationRequired !== null && o.confirmation !== plan.confirmationRequired)
    return refuse(
      `typed confirmation ${o.confirmation === undefined || o.confirmation === '' ? 'missing' : 'does not match'}: type the pair name "${plan.confirmationRequired}"`,
      o.confirmation === undefined || o.confirmation === '' ? 'nothing typed' : 'typed text differs'
    )
  if (plan.deleteAcknowledgementRequired && !o.acknowledgeDelete)
    return refuse(
      'no disk room for a backup and deleting the database files was not explicitly acknowledged',
      plan.notes.find((n) => /room/.test(n)) ?? 'no room'
    )

  const connect = async (role: NodeRole): Promise<SshExecutor> => {
    const have = conns.get(role)
    if (have) return have
    const c = await o.connect(role)
    conns.set(role, c)
    return c
  }

  // --- live preconditions ---
  for (const p of plan.preconditions) {
    if (o.signal?.aborted) return finish('cancelled', 'cancelled before anything ran', 'unchanged: nothing was run')
    if (p.kind === 'static') {
      if (!p.ok) return refuse(p.refusal, p.measured)
      continue
    }
    if (!p.node || !p.command) continue
    let code: number | null
    let stdout: string
    try {
      const ex = await connect(p.node)
      const res = await ex.exec(p.command, { timeoutMs: 30_000, signal: o.signal })
      code = res.code
      stdout = res.stdout
    } catch (err) {
      return refuse(p.refusal, `could not check on the ${p.node}: ${errorLine(err)}`)
    }
    const j = judgeLive(p, code, stdout)
    emit(`precondition ${j.ok ? 'ok' : 'FAILED'}: ${p.description} — ${j.measured}`, null, p.node, 'info')
    if (!j.ok) return refuse(p.refusal, j.measured)
  }

  // --- steps --- (an audit row first, completed at the end: a crash mid-fix leaves "in progress")
  if (o.audit?.update) {
    try {
      const id = await o.audit.record({
        ...(plan.pair.id !== undefined ? { pairId: plan.pair.id } : {}),
        pairName: plan.pair.name,
        fixId: plan.fixId,
        startedAt,
        finishedAt: startedAt,
        by: o.by ?? 'unknown',
        plan,
        confirmation: confirmationText,
        output: log.join('\n'),
        result: 'failed',
        stateLeft: 'in progress: the fix was interrupted before it finished (state unknown: run the checks)'
      })
      if (typeof id === 'number') startedRow = id
    } catch {
      /* the final record() reports audit problems */
    }
  }
  const captures = new Map<string, string>()
  const budget = new LineBudget()
  let failedAt: { step: FixStep; index: number; code: number | null; reason: string } | undefined
  let cancelled = false
  let lastOk: FixStep | undefined
  const alwaysRan: FixStep[] = []
  for (let i = 0; i < plan.steps.length; i++) {
    const s = plan.steps[i]
    if (o.signal?.aborted && !failedAt && !cancelled) cancelled = true
    if ((failedAt || cancelled) && !s.always) {
      steps.push({
        stepId: s.id,
        node: s.node,
        title: s.title,
        command: s.command,
        status: 'skipped',
        exitCode: null,
        output: '',
        startedAt: new Date(now()).toISOString(),
        durationMs: 0
      })
      continue
    }
    const t0 = now()
    emit(`step ${i + 1}/${plan.steps.length} [${s.node}] ${s.title}`, s.id, s.node, 'info')
    let out = ''
    let code: number | null = null
    let reason = ''
    const secret = s.capture?.kind === 'secret'
    let stdoutAll = ''
    try {
      const ex = await connect(s.node)
      let stdin: string | undefined
      if (s.stdinFrom) {
        const v = captures.get(s.stdinFrom)
        if (v === undefined) throw new Error(`no value captured for ${s.stdinFrom}`)
        stdin = `${v}\n`
      }
      budget.newStep()
      const keep = (stream: 'stdout' | 'stderr') => (line: string) => {
        emit(line, s.id, s.node, stream)
        out += `${masker.mask(line)}\n`
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
        emit(left, s.id, s.node, 'info')
        out += `${left}\n`
      }
      stdoutAll = res.stdout
      code = res.code
      if (res.cut) reason = res.cut
      else if (code !== 0) reason = `exit ${code ?? `signal ${res.signal ?? '?'}`}`
    } catch (err) {
      reason = errorLine(err)
    }
    if (!reason && s.capture) {
      const value = stdoutAll.replace(/\r/g, '').replace(/\n+$/, '')
      const lines = value.split('\n').filter((l) => l !== '')
      const re = new RegExp(s.capture.pattern)
      if (lines.length === 0) reason = `nothing read for ${s.capture.name}`
      else if (secret && lines.length !== 1) reason = `the ${s.capture.name} value is not one line: refused`
      else if (!lines.every((l) => re.test(l)))
        reason = `the ${s.capture.name} value read from the node is not in the expected form: refused`
      else {
        if (secret) {
          masker.add(lines[0])
          emit(`${s.capture.name}: read (${lines[0].length} characters, never shown)`, s.id, s.node, 'info')
        }
        captures.set(s.capture.name, lines.join('\n'))
      }
    }
    const ok = !reason
    steps.push({
      stepId: s.id,
      node: s.node,
      title: s.title,
      command: s.command,
      status: ok ? 'ok' : 'failed',
      exitCode: code,
      output: masker.mask(out),
      startedAt: new Date(t0).toISOString(),
      durationMs: now() - t0
    })
    if (ok) {
      if (failedAt || cancelled) alwaysRan.push(s)
      else lastOk = s
    } else {
      emit(`step ${i + 1} failed on the ${s.node}: ${reason}`, s.id, s.node, 'info')
      if (!failedAt && !cancelled) failedAt = { step: s, index: i, code, reason }
    }
  }

  if (failedAt || cancelled) {
    const before = lastOk ? lastOk.leaves : 'unchanged'
    const after = alwaysRan.length > 0 ? `; then ${alwaysRan[alwaysRan.length - 1].leaves}` : ''
    const stateLeft = failedAt
      ? `stopped at step ${failedAt.index + 1}/${plan.steps.length} "${failedAt.step.title}" on the ${failedAt.step.node} (${failedAt.reason}). ` +
        `Before it: ${before}${after}. That step may have partly run.`
      : `cancelled after "${lastOk?.title ?? 'nothing'}": ${before}${after}.`
    const recheck = await runRecheck(plan, o)
    return finish(
      failedAt ? 'failed' : 'cancelled',
      failedAt ? `${shortName(plan)} failed at step ${failedAt.index + 1}: ${failedAt.reason}` : `${shortName(plan)} cancelled`,
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
  return finish('succeeded', `${msg}${nextText}`, stateLeft, { ...(recheck ? { recheck } : {}), ...(next.length ? { next } : {}) })
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
