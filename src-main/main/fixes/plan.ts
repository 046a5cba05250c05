/** buildPlan: a fix id + the pair + its latest run → a serialisable FixPlan (nothing runs here). */
import { fixDefinition, type FixId, type FixOptions, type FixPlan } from '../../shared/domain/fix'
import type { PairConfig } from '../../shared/domain/pair'
import type { RunReport } from '../../shared/domain/run'
import { makeContext } from './context'
import { staticPre } from './preconditions'
import { alignHmacKey } from './recipes/align-hmac-key'
import { alignOneTimePassword } from './recipes/align-one-time-password'
import type { Recipe, RecipeResult } from './recipes/common'
import { enableWriteToLog } from './recipes/enable-write-to-log'
import { failover } from './recipes/failover'
import { repairSshTrust } from './recipes/repair-ssh-trust'
import { rerunDoDirect } from './recipes/rerun-dodirect'
import { restartHa } from './recipes/restart-ha'
import { resyncStandby } from './recipes/resync-standby'
import { stampOf, UnsafeValueError } from './validate'

export const RECIPES: Record<FixId, Recipe> = {
  'fix.enable-write-to-log': enableWriteToLog,
  'fix.align-hmac-key': alignHmacKey,
  'fix.repair-ssh-trust': repairSshTrust,
  'fix.rerun-dodirect': rerunDoDirect,
  'fix.resync-standby': resyncStandby,
  'fix.align-one-time-password': alignOneTimePassword,
  'fix.failover': failover,
  'fix.restart-ha': restartHa
}

export interface BuildPlanInput {
  pair: PairConfig
  /** the latest run of the pair (the plan's measured values come from it) */
  report: RunReport
  options?: FixOptions
  /** clock for the backup stamp (default Date.now) */
  now?: number
}

export function buildPlan(fixId: FixId, input: BuildPlanInput): FixPlan {
  const def = fixDefinition(fixId)
  const now = input.now ?? Date.now()
  const stamp = stampOf(now)
  const options = { ...(input.options ?? {}) }
  let r: RecipeResult
  try {
    const ctx = makeContext(input.pair, input.report, options, now, stamp)
    r = RECIPES[fixId](ctx)
  } catch (err) {
    if (!(err instanceof UnsafeValueError)) throw err
    r = {
      preconditions: [
        staticPre(
          'safe-values',
          'every value read from the servers is safe to use in a shell command',
          'a value read from the server is unsafe',
          false,
          err.message
        )
      ],
      backups: [],
      steps: [],
      destroys: [],
      notes: ['Nothing will run: a value read from the server could be used to run commands. Check the configuration by hand.'],
      blockers: [err.message]
    }
  }
  const blockers = [...r.blockers]
  if (r.steps.length === 0 && blockers.length === 0) blockers.push('the plan has no steps')
  const p = input.pair
  const plan: FixPlan = {
    schema: 1,
    fixId,
    title: def.title,
    step: def.step,
    createdAt: new Date(now).toISOString(),
    pair: {
      ...(p.id !== undefined ? { id: p.id } : {}),
      name: p.name,
      primary: `${p.primary.user}@${p.primary.host}:${p.primary.port}`,
      secondary: `${p.secondary.user}@${p.secondary.host}:${p.secondary.port}`
    },
    runStartedAt: input.report.startedAt,
    options,
    ready: blockers.length === 0,
    blockers,
    preconditions: r.preconditions,
    backups: r.backups,
    steps: r.steps,
    destroys: r.destroys,
    destructive: def.destructive || r.deleteAcknowledgementRequired === true,
    confirmationRequired: def.destructive || r.deleteAcknowledgementRequired ? p.name : null,
    deleteAcknowledgementRequired: r.deleteAcknowledgementRequired === true,
    recheck: r.recheck ?? def.remedies,
    notes: r.notes,
    ...(r.next?.length ? { next: r.next } : {}),
    stamp
  }
  return plan
}

/** The plan as text (CLI preview; the UI draws the same data). */
export function formatPlan(plan: FixPlan): string {
  const out: string[] = []
  out.push(`${plan.fixId} — ${plan.title}${plan.step ? ` (KB11264 step ${plan.step})` : ''}`)
  out.push(`pair ${plan.pair.name}: primary ${plan.pair.primary}, secondary ${plan.pair.secondary}`)
  if (!plan.ready) for (const b of plan.blockers) out.push(`NOT READY: ${b}`)
  out.push('', 'Preconditions (re-checked live before anything runs):')
  for (const c of plan.preconditions)
    out.push(`  [${c.ok ? 'ok' : 'NO'}] ${c.description} — now: ${c.measured}${c.node ? ` (${c.node})` : ''}`)
  if (plan.backups.length > 0) {
    out.push('', 'Backups:')
    for (const b of plan.backups) out.push(`  ${b.node}: ${b.what}: ${b.method} ${b.from} -> ${b.to}`)
  }
  out.push('', `Destroys: ${plan.destroys.length > 0 ? '' : 'nothing'}`)
  for (const d of plan.destroys) out.push(`  - ${d}`)
  out.push('', 'Steps (exact commands):')
  plan.steps.forEach((s, i) => {
    out.push(`  ${i + 1}. [${s.node}] ${s.title}${s.always ? ' (runs even after a failure)' : ''}`)
    out.push(`     $ ${s.command}`)
  })
  out.push('', `Checks re-run afterwards: ${plan.recheck.join(', ')}`)
  if (plan.destructive) out.push(`DESTRUCTIVE: type the pair name "${plan.confirmationRequired}" to confirm.`)
  if (plan.deleteAcknowledgementRequired)
    out.push('No room for backups: deleting needs the explicit delete acknowledgement (--allow-delete).')
  for (const n of plan.notes) out.push(`note: ${n}`)
  for (const n of plan.next ?? []) out.push(`next: ${n.fixId} — ${n.reason}`)
  return out.join('\n')
}
