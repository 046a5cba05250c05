/**
 * The pair's HA state at a glance (fleet rows, the Nodes view): which node is active and the replication
 * state, read from what a run collected. Decided only from tokens the guide and public material confirm:
 * the latest DB_EVENT_REP_MASTER / DB_EVENT_REP_CLIENT of each node's guiDaemon log (a stop after it
 * clears the role), else haStatus' Local Server line saying `standby`; replication from haStatus' db-repl
 * field. Anything else is `null` (shown as "—"), never a guess.
 */
import type { NodeRole } from './check'
import type { NodeFacts } from './run'

export interface HaGlance {
  /** the node holding the master role; 'both' = two masters (split brain); null = cannot tell */
  active: NodeRole | 'both' | null
  /** haStatus db-repl (e.g. in-sync, dirty); both nodes' when they differ ("in-sync / dirty"); null = not read */
  replication: string | null
}

type Facts = Pick<NodeFacts, 'reachable' | 'events' | 'haStatus'>

/** the node's current role from its log: MASTER, CLIENT, or none (stopped after, or no role event) */
function roleOf(n: Facts): 'master' | 'client' | null {
  if (!n.reachable) return null
  let role: 'master' | 'client' | null = null
  let at = ''
  for (const e of n.events ?? []) {
    if (e.kind !== 'MASTER' && e.kind !== 'CLIENT' && e.kind !== 'STOP') continue
    // events come in log order (rotated files first); a timestamp, when there is one, must not go back
    if (e.at && at && e.at < at) continue
    if (e.at) at = e.at
    role = e.kind === 'MASTER' ? 'master' : e.kind === 'CLIENT' ? 'client' : null
  }
  if (role === null && /\bstandby\b/i.test(n.haStatus?.local?.state ?? '')) return 'client'
  return role
}

export function haGlance(nodes: Record<NodeRole, Facts | undefined>): HaGlance {
  const p = nodes.primary ? roleOf(nodes.primary) : null
  const s = nodes.secondary ? roleOf(nodes.secondary) : null
  const active: HaGlance['active'] =
    p === 'master' && s === 'master' ? 'both' : p === 'master' ? 'primary' : s === 'master' ? 'secondary' : null
  const repl = (n: Facts | undefined): string | undefined => {
    const r = n?.reachable ? n.haStatus?.local?.repl : undefined
    return r && r !== 'unknown' ? r : undefined
  }
  const values = [repl(nodes.primary), repl(nodes.secondary)].filter((v): v is string => !!v)
  const replication = values.length === 0 ? null : values.every((v) => v === values[0]) ? values[0] : values.join(' / ')
  return { active, replication }
}
