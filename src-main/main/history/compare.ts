/** What changed between two runs of a pair: check statuses and the collected facts. Pure. */
import type { CheckId, CheckStatus, NodeRole } from '../../shared/domain/check'
import type { ConfigFile, ConfigName, NodeFacts, RunReport } from '../../shared/domain/run'

export interface CheckChange {
  id: CheckId
  title: string
  before: CheckStatus | null
  after: CheckStatus | null
}

export type FactArea = 'reachability' | 'host-key' | 'version' | 'tools' | 'role' | 'xdb' | 'disk' | 'config'

export interface FactChange {
  node: NodeRole
  area: FactArea
  /** what changed: `nsmVersion`, `haSvr.cfg highAvail.HMACKey`, `xdb/data bytes`, … */
  key: string
  before: string | null
  after: string | null
}

export interface RunComparison {
  from: { runId?: number; startedAt: string; verdict: CheckStatus }
  to: { runId?: number; startedAt: string; verdict: CheckStatus }
  /** every check whose status differs (absent in one run = null) */
  checkChanges: CheckChange[]
  /** fail in `to`, not fail in `from` */
  newFailures: CheckId[]
  /** fail in `from`, not fail in `to` */
  resolvedFailures: CheckId[]
  factChanges: FactChange[]
}

/** Compare run `from` (older) with run `to` (newer). */
export function compareRuns(from: RunReport, to: RunReport): RunComparison {
  const before = new Map(from.checks.map((c) => [c.id, c]))
  const after = new Map(to.checks.map((c) => [c.id, c]))
  const ids = [...new Set([...to.checks.map((c) => c.id), ...from.checks.map((c) => c.id)])]
  const checkChanges: CheckChange[] = []
  const newFailures: CheckId[] = []
  const resolvedFailures: CheckId[] = []
  for (const id of ids) {
    const b = before.get(id)
    const a = after.get(id)
    const bs = b?.status ?? null
    const as = a?.status ?? null
    if (bs !== as) checkChanges.push({ id, title: (a ?? b)!.title, before: bs, after: as })
    if (as === 'fail' && bs !== 'fail') newFailures.push(id)
    if (bs === 'fail' && as !== 'fail') resolvedFailures.push(id)
  }
  const factChanges: FactChange[] = []
  for (const role of ['primary', 'secondary'] as const) factChanges.push(...compareFacts(role, from.nodes[role], to.nodes[role]))
  return {
    from: { runId: from.runId, startedAt: from.startedAt, verdict: from.verdict },
    to: { runId: to.runId, startedAt: to.startedAt, verdict: to.verdict },
    checkChanges,
    newFailures,
    resolvedFailures,
    factChanges
  }
}

type Val = string | number | boolean | undefined | null

function str(v: Val): string | null {
  return v === undefined || v === null ? null : String(v)
}

function latestRoleEvent(f: NodeFacts | undefined): string | undefined {
  const roles = (f?.events ?? []).filter((e) => e.kind === 'MASTER' || e.kind === 'CLIENT' || e.kind === 'NEWMASTER')
  return roles.length ? roles[roles.length - 1].kind : undefined
}

function effective(file: ConfigFile | undefined): Map<string, string> {
  const m = new Map<string, string>()
  for (const e of file?.entries ?? []) m.set(e.key, e.value)
  return m
}

/** Fact-level differences of one node (secret config values are fingerprints, compared as such). */
export function compareFacts(node: NodeRole, a: NodeFacts | undefined, b: NodeFacts | undefined): FactChange[] {
  const out: FactChange[] = []
  const add = (area: FactArea, key: string, x: Val, y: Val): void => {
    const bx = str(x)
    const by = str(y)
    if (bx !== by) out.push({ node, area, key, before: bx, after: by })
  }
  add('reachability', 'reachable', a?.reachable, b?.reachable)
  add('host-key', 'hostKeySha256', a?.hostKeySha256, b?.hostKeySha256)
  add('version', 'nsmVersion', a?.nsmVersion, b?.nsmVersion)
  add('tools', 'ssh', a?.tools.ssh, b?.tools.ssh)
  add('tools', 'rsync', a?.tools.rsync, b?.tools.rsync)
  add('role', 'haStatus local state', a?.haStatus?.local?.state, b?.haStatus?.local?.state)
  add('role', 'haStatus db-repl', a?.haStatus?.local?.repl, b?.haStatus?.local?.repl)
  add('role', 'latest role event', latestRoleEvent(a), latestRoleEvent(b))
  add('xdb', 'xdb/data files', a?.xdb?.dataFiles, b?.xdb?.dataFiles)
  add('xdb', 'xdb/data bytes', a?.xdb?.dataBytes, b?.xdb?.dataBytes)
  const logs = (f: NodeFacts | undefined): string | undefined =>
    f?.xdb ? f.xdb.logFiles.map((l) => `${l.name}:${l.size}`).join(' ') : undefined
  add('xdb', 'xdb/log files', logs(a), logs(b))
  add('disk', 'used %', a?.disk?.usedPct, b?.disk?.usedPct)
  const names = new Set<ConfigName>([
    ...(Object.keys(a?.configs ?? {}) as ConfigName[]),
    ...(Object.keys(b?.configs ?? {}) as ConfigName[])
  ])
  for (const name of [...names].sort()) {
    const ea = effective(a?.configs[name])
    const eb = effective(b?.configs[name])
    for (const key of [...new Set([...ea.keys(), ...eb.keys()])].sort()) add('config', `${name} ${key}`, ea.get(key), eb.get(key))
  }
  return out
}
