/**
 * Fixes of a saved pair: a plan from one of its runs, and applying it — a destructive fix confirmed once
 * more in main's own dialog, the re-check run through RunService like every other run.
 */
import type { AppStore } from '../store/app-store'
import type { RunService } from '../run/run-service'
import type { pairConnector } from '../run/connector'
import type { SavedPair } from '../db/pair-repo'
import { buildPlan, applyFix } from '../fixes'
import type { FixId, FixOptions, FixOutcome, FixPlan } from '../../shared/domain/fix'
import type { NodeRole } from '../../shared/domain/check'
import type { ConfirmHost } from './confirm'

export interface ApplyFixArgs {
  pairId: number
  fixId: FixId
  runId: number
  options?: FixOptions
  confirmation?: string
  acknowledgeRepeat?: boolean
  acknowledgeDelete?: boolean
}

export interface FixesApp {
  planFix(pairId: number, fixId: FixId, runId: number, options?: FixOptions): FixPlan
  applyFix(a: ApplyFixArgs, onOutput: (line: string, node: NodeRole | null, stream: string) => void): Promise<FixOutcome>
}

/** The outcome of a destructive fix the admin did not confirm in main's dialog: nothing ran. */
function notConfirmed(plan: FixPlan): FixOutcome {
  const at = new Date().toISOString()
  return {
    fixId: plan.fixId,
    status: 'refused',
    message: `${plan.title}: not confirmed in the confirmation dialog — nothing was run`,
    refusal: { precondition: 'confirmed in the confirmation dialog', measured: 'not confirmed' },
    steps: [],
    stateLeft: 'unchanged: nothing was run',
    startedAt: at,
    finishedAt: at
  }
}

export function createFixesApp(deps: {
  store: AppStore
  runs: RunService
  connectorFor(pairId: number): Promise<{ pair: SavedPair; connect: ReturnType<typeof pairConnector> }>
  confirm: ConfirmHost
}): FixesApp {
  const { store, runs, connectorFor, confirm } = deps
  const planFix = (pairId: number, fixId: FixId, runId: number, options?: FixOptions): FixPlan => {
    const pair = store.pairs.get(pairId)
    const report = store.history.getRun(runId)
    if (!pair || !report) throw new Error(`no pair ${pairId} or run ${runId}`)
    // a plan is built from a run of this pair only (its roles, keys and states are this pair's)
    if (report.pair.id !== pairId) throw new Error(`run ${runId} is not a run of pair "${pair.name}"`)
    return buildPlan(fixId, { pair, report, options })
  }
  return {
    planFix,
    async applyFix(a, onOutput) {
      const plan = planFix(a.pairId, a.fixId, a.runId, a.options)
      // a destructive fix the admin typed the pair name for (which the renderer knows) is confirmed once
      // more in main's own dialog; when the typed gates are not met applyFix refuses with its own reason
      const gatesMet =
        plan.ready && a.confirmation === plan.confirmationRequired && (!plan.deleteAcknowledgementRequired || a.acknowledgeDelete === true)
      if (plan.destructive && gatesMet) {
        const target = (role: NodeRole): string => `${role} ${role === 'primary' ? plan.pair.primary : plan.pair.secondary}`
        const roles = [...new Set(plan.steps.map((s) => s.node))]
        const ok = await confirm.confirm({
          kind: 'destructive-fix',
          pairName: plan.pair.name,
          title: plan.title,
          nodes: roles.map(target),
          destroys: plan.destroys,
          backups: plan.backups.map(
            (b) =>
              `${b.node}: ${b.what} ${b.method === 'delete' ? 'DELETED (no room for a backup)' : `${b.method === 'move' ? 'moved' : 'copied'} to ${b.to}`}`
          )
        })
        if (!ok) return notConfirmed(plan)
      }
      const { connect } = await connectorFor(a.pairId)
      const baseline = store.history.getRun(a.runId)
      return applyFix(plan, {
        connect: (role) => connect(role),
        confirmation: a.confirmation,
        acknowledgeRepeat: a.acknowledgeRepeat,
        acknowledgeDelete: a.acknowledgeDelete,
        onOutput: (line, ctx) => onOutput(line, ctx.node, ctx.stream),
        audit: store.fixAudit,
        baseline,
        // the re-check is a run like any other: begin → run → save through RunService
        recheck: (signal) => runs.run(a.pairId, { signal, trigger: 'manual', ...(baseline ? { previous: baseline } : {}) })
      })
    }
  }
}
