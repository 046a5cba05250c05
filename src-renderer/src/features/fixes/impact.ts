/**
 * The fix wizard's summary, first on screen (pure, from the plan main built): what the fix changes on
 * which node, whether HA stops and starts, how long it may take at most, and how to undo it.
 */
import type { FixPlan } from '@shared/domain/fix'

export interface FixImpact {
  /** per node, the titles of the steps that change something there */
  changes: { node: string; what: string[] }[]
  /** the nodes whose HA is stopped and started (in order), [] when HA keeps running */
  haRestart: string[]
  /** the sum of the steps' time limits: the longest the fix can take */
  maxSeconds: number
  /** how to go back, in words */
  undo: string
  /** something is destroyed (no way back but a re-sync) */
  irreversible: boolean
}

export function fixImpact(plan: FixPlan): FixImpact {
  const changes: FixImpact['changes'] = []
  for (const st of plan.steps) {
    if (st.kind !== 'change') continue
    const at = changes.find((c) => c.node === st.node) ?? (changes.push({ node: st.node, what: [] }), changes[changes.length - 1])
    at.what.push(st.title)
  }
  const haRestart = [...new Set(plan.steps.filter((st) => st.kind === 'stop' || st.kind === 'start').map((st) => st.node))]
  const maxSeconds = Math.ceil(plan.steps.reduce((a, st) => a + st.timeoutMs, 0) / 1000)
  const irreversible = plan.destroys.length > 0 && plan.deleteAcknowledgementRequired
  const undo = irreversible
    ? `cannot be undone: ${plan.destroys.join('; ')}`
    : plan.backups.length
      ? `restore the backups: ${plan.backups.map((b) => `${b.node} ${b.to}`).join('; ')}`
      : changes.length
        ? 'no backup is taken: change it back by hand'
        : 'nothing to undo: it changes no file'
  return { changes, haRestart, maxSeconds, undo, irreversible }
}

/** "at most 2 min 30 s" */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return s ? `${m} min ${s} s` : `${m} min`
}
