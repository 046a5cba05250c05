/**
 * The fleet list (sidebar, fleet overview, `check --all`): every saved pair with its newest completed
 * run, the verdicts of its last N completed runs and that run's failing / warning / unknown checks — in
 * ONE statement (per pair two index seeks on runs_pair_started, no query per pair from JavaScript).
 */
import type { Db } from './database'
import { decodeFacts } from './run-repo'
import { notCheckedSql } from './not-checked'
import type { CheckId, CheckStatus } from '../../shared/domain/check'
import type { FleetRow } from '../../shared/domain/fleet'
import type { QuietWindow } from '../../shared/domain/schedule'
import { readinessOf } from '../../shared/domain/readiness'
import { notCheckedReason, type LogEventKind, type NodeFacts } from '../../shared/domain/run'
import { haGlance } from '../../shared/domain/ha-state'

const ROLE_EVENTS: ReadonlySet<LogEventKind> = new Set(['MASTER', 'CLIENT', 'STOP'])

export type { FleetRow }

interface Row {
  id: number
  name: string
  primary_user: string
  primary_host: string
  primary_port: number
  secondary_user: string
  secondary_host: string
  secondary_port: number
  tags: string
  schedule_minutes: number | null
  quiet_hours: string | null
  notify_muted: number
  last_id: number | null
  last_started: string | null
  last_finished: string | null
  last_verdict: CheckStatus | null
  /** the status map {"check.id": "fail", …} as a blob (0006, maybe deflated) … */
  s_id: number | null
  s_encoding: string | null
  s_body: Buffer | null
  /** … else the 0003 column, else built from check_results for older runs */
  last_statuses: string | null
  /** 1: the newest completed run reached neither node */
  last_not_checked: number | null
  /** its node facts blobs (the reason), read only for a run not checked */
  last_facts: string | null
  recent: string
  /** the newest run's node facts blobs (0006), for the active node and the replication state */
  pf_id: number | null
  sf_id: number | null
}

/** newest completed run of p (its status map: blob_refs[1], layout of migration 0006); LIMIT inside correlated subqueries keeps each to an index range */
const SQL = `
SELECT p.id, p.name, p.primary_user, p.primary_host, p.primary_port, p.secondary_user, p.secondary_host,
  p.secondary_port, p.tags, p.schedule_minutes, p.quiet_hours, p.notify_muted,
  l.id AS last_id, l.started_at AS last_started, l.finished_at AS last_finished, l.verdict AS last_verdict,
  json_extract(l.blob_refs, '$[2]') AS pf_id, json_extract(l.blob_refs, '$[3]') AS sf_id,
  b.id AS s_id, b.encoding AS s_encoding, b.body AS s_body,
  COALESCE(l.statuses, (SELECT json_group_object(c.check_id, c.status) FROM check_results c
    WHERE c.run_id = l.id AND c.status IN ('fail', 'warn', 'unknown'))) AS last_statuses,
  CASE WHEN l.id IS NULL THEN NULL WHEN l.n_pass = 0 AND l.n_warn = 0 THEN ${notCheckedSql('l')} ELSE 0 END AS last_not_checked,
  CASE WHEN l.id IS NOT NULL AND l.n_pass = 0 AND l.n_warn = 0 AND ${notCheckedSql('l')} THEN (SELECT json_group_array(CAST(nb.body AS TEXT)) FROM blobs nb
    WHERE nb.id IN (json_extract(l.blob_refs, '$[2]'), json_extract(l.blob_refs, '$[3]'))) END AS last_facts,
  (SELECT json_group_array(v.verdict) FROM (SELECT r.verdict FROM runs r
    WHERE r.pair_id = p.id AND r.state = 'completed' AND NOT (r.n_pass = 0 AND r.n_warn = 0 AND ${notCheckedSql('r')}) ORDER BY r.started_at DESC, r.id DESC LIMIT @recent) v) AS recent
FROM pairs p
LEFT JOIN runs l ON l.id = (SELECT r.id FROM runs r WHERE r.pair_id = p.id AND r.state = 'completed'
  ORDER BY r.started_at DESC, r.id DESC LIMIT 1)
LEFT JOIN blobs b ON b.id = json_extract(l.blob_refs, '$[1]')
ORDER BY p.name COLLATE NOCASE`

function idsWith(statuses: Record<string, CheckStatus>, status: CheckStatus): CheckId[] {
  return Object.entries(statuses)
    .filter(([, s]) => s === status)
    .map(([id]) => id as CheckId)
}

/** the one reason of a run that reached neither node, from its two small facts blobs */
function notCheckedText(factsJson: string | null): string {
  type Facts = { role?: string; error?: string }
  const facts = factsJson ? (JSON.parse(factsJson) as string[]).map((f) => JSON.parse(f) as Facts) : []
  const of = (role: string): { reachable: false; error?: string } => ({
    reachable: false,
    error: facts.find((f) => f.role === role)?.error
  })
  return notCheckedReason({ primary: of('primary'), secondary: of('secondary') }) ?? 'neither node reached'
}

/** `decoded`: status maps by blob id — pairs in the same state share one blob, decoded once per list */
function toFleetRow(r: Row, decoded: Map<number, Record<string, CheckStatus>>): Omit<FleetRow, 'active' | 'replication'> {
  let statuses: Record<string, CheckStatus> = {}
  // the blob holds every check's status; the older columns only the problems (readiness cannot be told)
  const complete = r.s_id !== null && r.s_body !== null && r.s_encoding !== null
  if (r.s_id !== null && r.s_body && r.s_encoding) {
    const known = decoded.get(r.s_id)
    statuses = known ?? (decodeFacts(r.s_encoding, r.s_body) as unknown as Record<string, CheckStatus>)
    if (!known) decoded.set(r.s_id, statuses)
  } else if (r.last_statuses) statuses = JSON.parse(r.last_statuses) as Record<string, CheckStatus>
  return {
    id: r.id,
    name: r.name,
    primary: `${r.primary_user}@${r.primary_host}:${r.primary_port}`,
    secondary: `${r.secondary_user}@${r.secondary_host}:${r.secondary_port}`,
    tags: JSON.parse(r.tags) as string[],
    lastRunId: r.last_id,
    lastVerdict: r.last_verdict,
    lastRunAt: r.last_started,
    lastFinishedAt: r.last_finished,
    notChecked: r.last_not_checked === 1 ? notCheckedText(r.last_facts) : null,
    recent: (JSON.parse(r.recent) as (CheckStatus | null)[]).filter((v): v is CheckStatus => v !== null).reverse(),
    failing: idsWith(statuses, 'fail'),
    warning: idsWith(statuses, 'warn'),
    unknown: idsWith(statuses, 'unknown'),
    ...(complete ? readinessOfBlob(r.s_id!, statuses, decoded) : { readiness: null, readinessReasons: [] }),
    scheduleMinutes: r.schedule_minutes,
    quietHours: r.quiet_hours ? (JSON.parse(r.quiet_hours) as QuietWindow[]) : null,
    notifyMuted: r.notify_muted === 1
  }
}

type ReadinessFields = Pick<FleetRow, 'readiness' | 'readinessReasons'>
/** readiness of a status blob, decided once per list for the pairs that share it */
const readinessMemo = new WeakMap<Map<number, Record<string, CheckStatus>>, Map<number, ReadinessFields>>()

function readinessOfBlob(
  id: number,
  statuses: Record<string, CheckStatus>,
  decoded: Map<number, Record<string, CheckStatus>>
): ReadinessFields {
  let memo = readinessMemo.get(decoded)
  if (!memo) readinessMemo.set(decoded, (memo = new Map()))
  const known = memo.get(id)
  if (known) return { readiness: known.readiness, readinessReasons: [...known.readinessReasons] }
  const r = readinessOf(Object.entries(statuses).map(([check, status]) => ({ id: check as CheckId, status, summary: '' })))
  const fields = { readiness: r.verdict, readinessReasons: r.reasons.map((x) => x.check) }
  memo.set(id, fields)
  return { readiness: fields.readiness, readinessReasons: [...fields.readinessReasons] }
}

type Glance = Pick<FleetRow, 'active' | 'replication'>
type NodeGlance = Pick<NodeFacts, 'reachable' | 'events' | 'haStatus'>

/** a facts blob never changes (content-addressed): its glance is read once per blob id */
const GLANCE_CACHE_MAX = 4000

export class FleetRepo {
  readonly #list
  readonly #blob
  readonly #facts = new Map<number, NodeGlance>()

  constructor(db: Db) {
    this.#list = db.prepare(SQL)
    this.#blob = db.prepare('SELECT encoding, body FROM blobs WHERE id = ?')
  }

  /** the part of a node's facts the glance needs (events, haStatus), cached by blob id */
  #nodeFacts(id: number | null): NodeGlance | undefined {
    if (id === null) return undefined
    const known = this.#facts.get(id)
    if (known) return known
    const b = this.#blob.get(id) as { encoding: string; body: Buffer } | undefined
    if (!b) return undefined
    const f = decodeFacts(b.encoding, b.body)
    const kept: NodeGlance = { reachable: f.reachable, events: f.events.filter((e) => ROLE_EVENTS.has(e.kind)), haStatus: f.haStatus }
    if (this.#facts.size >= GLANCE_CACHE_MAX) this.#facts.delete(this.#facts.keys().next().value!)
    this.#facts.set(id, kept)
    return kept
  }

  #glance(r: Row): Glance {
    if (r.last_id === null || r.last_not_checked === 1) return { active: null, replication: null }
    return haGlance({ primary: this.#nodeFacts(r.pf_id), secondary: this.#nodeFacts(r.sf_id) })
  }

  /** Every saved pair by name, with the verdicts of its newest `recent` completed runs (1–100, default 20). */
  list(recent = 20): FleetRow[] {
    const n = Math.min(Math.max(1, Math.floor(recent)), 100)
    const decoded = new Map<number, Record<string, CheckStatus>>()
    return (this.#list.all({ recent: n }) as Row[]).map((r) => ({ ...toFleetRow(r, decoded), ...this.#glance(r) }))
  }
}
