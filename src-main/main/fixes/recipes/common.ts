/** Pieces shared by the recipes: the recipe shape, step helper, ordered stop/start sequences. */
import type { CheckId, NodeRole } from '../../../shared/domain/check'
import type { FixBackup, FixNext, FixPrecondition, FixStep, FixStepKind } from '../../../shared/domain/fix'
import type { PlanContext } from '../context'
import { ACTIVE_STATE_ERE } from '../context'
import { backupCopy, haStart, haStop, waitLocalState, waitStopped } from '../sh'
import { writablePre } from '../preconditions'

export interface RecipeResult {
  preconditions: FixPrecondition[]
  backups: FixBackup[]
  steps: FixStep[]
  destroys: string[]
  notes: string[]
  blockers: string[]
  deleteAcknowledgementRequired?: boolean
  /** default: the fix's remedies */
  recheck?: CheckId[]
  /** fixes to offer once this one has succeeded */
  next?: FixNext[]
}

export type Recipe = (ctx: PlanContext) => RecipeResult

export function empty(): RecipeResult {
  return { preconditions: [], backups: [], steps: [], destroys: [], notes: [], blockers: [] }
}

export function step(
  id: string,
  node: NodeRole,
  kind: FixStepKind,
  title: string,
  command: string,
  leaves: string,
  extra: Partial<Pick<FixStep, 'capture' | 'stdinFrom' | 'always' | 'timeoutMs'>> = {}
): FixStep {
  return { id, node, kind, title, command, leaves, timeoutMs: extra.timeoutMs ?? 120_000, ...extra }
}

export const STANDBY_STATE_ERE = 'standby|backup|slave|client'

export function stopSteps(ctx: PlanContext, node: NodeRole, leaves: string, prefix = ''): FixStep[] {
  const waitMs = (ctx.waitS + 30) * 1000
  return [
    step(`${prefix}stop-${node}`, node, 'stop', `Stop HA on the ${node} (${ctx.f.haInit} stop)`, haStop(ctx.f), leaves),
    step(`${prefix}stopped-${node}`, node, 'verify', `Check HA is stopped on the ${node}`, waitStopped(ctx.f, ctx.waitS), leaves, {
      timeoutMs: waitMs
    })
  ]
}

export function startSteps(
  ctx: PlanContext,
  node: NodeRole,
  as: 'active' | 'standby',
  leaves: string,
  o: { prefix?: string; always?: boolean } = {}
): FixStep[] {
  const waitMs = (ctx.waitS + 30) * 1000
  const ere = as === 'active' ? ACTIVE_STATE_ERE : STANDBY_STATE_ERE
  return [
    step(`${o.prefix ?? ''}start-${node}`, node, 'start', `Start HA on the ${node} (${ctx.f.haInit} start)`, haStart(ctx.f), leaves, {
      always: o.always
    }),
    step(
      `${o.prefix ?? ''}wait-${node}-${as}`,
      node,
      'wait',
      `Wait until the ${node} is ${as} (haStatus Local Server)`,
      waitLocalState(ctx.f, ere, ctx.waitS, `${node} ${as}`),
      leaves,
      { timeoutMs: waitMs, always: o.always }
    )
  ]
}

/** KB11264 order: stop the standby, then the active; start the active, then the standby. */
export function restartInOrder(ctx: PlanContext, why: string, o: { always?: boolean; prefix?: string } = {}): FixStep[] {
  const { active, standby } = ctx
  return [
    ...stopSteps(ctx, standby, `HA stopped on the ${standby} (${why}); the ${active} still active`, o.prefix),
    ...stopSteps(ctx, active, `HA stopped on both nodes (${why})`, o.prefix),
    ...startSteps(ctx, active, 'active', `HA running on the ${active} only; stopped on the ${standby}`, o),
    ...startSteps(ctx, standby, 'standby', `HA running on both nodes: ${active} active, ${standby} standby`, o)
  ]
}

/** What a config edit on one node starts with: the file is writable, it is backed up (recorded and copied). */
export interface ConfigBackup {
  precondition: FixPrecondition
  backup: FixBackup
  step: FixStep
}

/**
 * The shared first step of a recipe that edits `what` on `node`: the writable precondition (judged from
 * whether the last run read the file), the backup record, and the step `backup-<node>` that copies it to
 * `<file>.<stamp>.bak`. `unreadable` words the precondition's detail when the last run could not read it.
 */
export function configBackup(
  ctx: PlanContext,
  node: NodeRole,
  what: 'haSvr.cfg' | 'guiSvr.cfg',
  o: { leaves: string; unreadable?: (error: string | undefined) => string }
): ConfigBackup {
  const file = what === 'haSvr.cfg' ? ctx.f.haSvrCfg : ctx.f.guiSvrCfg
  const cfg = ctx.report.nodes[node]?.configs?.[what]
  const readable = !!cfg && !cfg.error
  const detail = readable ? 'read in the last run' : (o.unreadable?.(cfg?.error) ?? 'not readable in the last run')
  return {
    precondition: writablePre(node, file, readable, detail),
    backup: { node, what, from: file, to: `${file}.${ctx.stamp}.bak`, method: 'copy' },
    step: step(`backup-${node}`, node, 'backup', `Back up ${what} on the ${node}`, backupCopy(file, ctx.stamp), o.leaves)
  }
}
