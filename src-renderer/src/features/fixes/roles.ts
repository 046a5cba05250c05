/** Which node plays which part in a fix plan (source / target, from / to), read from the plan main built. */
import type { NodeRole } from '@shared/domain/check'
import type { FixId, FixOptions, FixPlan } from '@shared/domain/fix'

export interface PlanRole {
  label: string
  node: NodeRole
  what: string
}

export const other = (n: NodeRole): NodeRole => (n === 'primary' ? 'secondary' : 'primary')

/** The options each fix takes (its recipe reads them); the wizard shows a control for each. */
export const FIX_OPTIONS: Partial<Record<FixId, (keyof FixOptions)[]>> = {
  'fix.align-hmac-key': ['sourceNode', 'waitSeconds'],
  'fix.resync-standby': ['targetNode', 'waitSeconds'],
  'fix.failover': ['waitSeconds'],
  'fix.restart-ha': ['waitSeconds'],
  'fix.rerun-dodirect': ['waitSeconds'],
  'fix.align-one-time-password': ['waitSeconds']
}

export function planRoles(plan: FixPlan): PlanRole[] {
  switch (plan.fixId) {
    case 'fix.align-hmac-key': {
      const s = plan.options.sourceNode
      if (!s) return []
      return [
        { label: 'Source', node: s, what: 'its HMAC key is kept and copied' },
        { label: 'Target', node: other(s), what: 'its HMAC key is overwritten (haSvr.cfg backed up first)' }
      ]
    }
    case 'fix.resync-standby': {
      const t = plan.options.targetNode ?? plan.backups[0]?.node ?? plan.steps.find((st) => st.kind === 'stop')?.node
      if (!t) return []
      return [
        { label: 'Source', node: other(t), what: 'the active database, replicated from' },
        { label: 'Target', node: t, what: 'its xdb is moved aside and replicated again' }
      ]
    }
    case 'fix.failover': {
      const a = plan.steps.find((st) => st.kind === 'stop')?.node
      if (!a) return []
      return [
        { label: 'From', node: a, what: 'active now: stopped, then rejoins as standby' },
        { label: 'To', node: other(a), what: 'takes over as the active node' }
      ]
    }
    default:
      return []
  }
}
