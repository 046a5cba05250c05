/**
 * A follow of a replication: ONE SSH connection per node, opened at the start and kept for the whole
 * follow; every few seconds one short exec per node (sample.ts), both nodes in parallel; the estimate
 * (estimate.ts) after each sample. Ends by itself at DB_EVENT_REP_STARTUPDONE on the replica (or a
 * DB_PANIC), at the time limit, when the signal aborts (the admin closed it), or after three failed
 * samples in a row. Connections are closed in `finally`.
 */
import type { NodeRole } from '../../shared/domain/check'
import type { FollowEnd, FollowEndReason, FollowInfo, FollowSample, NodeSample, ReplicationEvent } from '../../shared/domain/follow'
import type { PairConfig } from '../../shared/domain/pair'
import { parseHaStatus } from '../diagnostics/parsers/hastatus'
import { files } from '../fixes/sh'
import { redactText } from '../reports/redact'
import type { SshExecutor } from '../ssh/executor'
import { estimateCompletion, type GrowthPoint } from './estimate'
import { nextOffset, parseSample, sampleCommand, SAMPLE_MAX_STDOUT } from './sample'
import { errorLine } from '../../shared/error-line'

export interface FollowOptions {
  pair: Pick<PairConfig, 'name' | 'paths'>
  /** open the SSH connection to a node (pairConnector) — called once per node */
  connect(role: NodeRole, signal: AbortSignal): Promise<SshExecutor>
  /** between samples (default 5 s) */
  intervalMs?: number
  /** end with `time-limit` after this long (default: none) */
  maxMs?: number
  /** no growth for this long = stalled (default max(60 s, 6 intervals)) */
  stallSeconds?: number
  /** the rate is fitted on this recent window (default max(60 s, 8 intervals)) */
  windowSeconds?: number
  /** the replica when haStatus does not tell (default: the secondary) */
  replica?: NodeRole
  /** per sample exec (default 20 s) */
  execTimeoutMs?: number
  runId?: number
  signal?: AbortSignal
  now?: () => number
  onStart?(info: FollowInfo): void
  onSample?(sample: FollowSample): void
}

const other = (r: NodeRole): NodeRole => (r === 'primary' ? 'secondary' : 'primary')

function reason(err: unknown): string {
  return errorLine(err)
}

/** Sleep `ms` or until the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/** The standby by haStatus (Local Server standby on exactly one node), else the fallback. */
async function chooseReplica(
  ex: Record<NodeRole, SshExecutor>,
  o: FollowOptions,
  signal: AbortSignal
): Promise<{ replica: NodeRole; from: string }> {
  const fallback = o.replica ?? 'secondary'
  const hs = files(o.pair.paths).haStatus
  const states = await Promise.all(
    (['primary', 'secondary'] as const).map(async (role) => {
      try {
        const r = await ex[role].exec(hs, { timeoutMs: o.execTimeoutMs ?? 20_000, signal, maxStdoutBytes: 16_384 })
        return parseHaStatus(r.stdout, r.code).local?.state ?? 'unknown'
      } catch {
        return 'unreadable'
      }
    })
  )
  const standby = (['primary', 'secondary'] as const).filter((_, i) => /standby|backup|slave|client/i.test(states[i]))
  if (standby.length === 1) return { replica: standby[0], from: `haStatus: the ${standby[0]} is the standby (${states.join(' / ')})` }
  return {
    replica: fallback,
    from: `haStatus did not single out a standby (primary ${states[0]}, secondary ${states[1]}): following the ${fallback}`
  }
}

/** Follow until an end; resolves with how it ended. Throws only when a node cannot be connected at all. */
export async function followReplication(o: FollowOptions): Promise<FollowEnd> {
  const now = o.now ?? Date.now
  const intervalMs = Math.max(200, o.intervalMs ?? 5000)
  const controller = new AbortController()
  const onAbort = (): void => controller.abort()
  if (o.signal?.aborted) controller.abort()
  o.signal?.addEventListener('abort', onAbort, { once: true })
  const signal = controller.signal
  const opened: Partial<Record<NodeRole, SshExecutor>> = {}
  let samples = 0
  const end = (why: FollowEndReason, message: string): FollowEnd => ({ reason: why, message, at: new Date(now()).toISOString(), samples })
  try {
    const results = await Promise.allSettled(
      (['primary', 'secondary'] as const).map(async (role) => (opened[role] = await o.connect(role, signal)))
    )
    const failed = results.findIndex((r) => r.status === 'rejected')
    if (failed >= 0)
      throw new Error(`${failed === 0 ? 'primary' : 'secondary'}: ${reason((results[failed] as PromiseRejectedResult).reason)}`)
    const ex = opened as Record<NodeRole, SshExecutor>
    const { replica, from } = await chooseReplica(ex, o, signal)
    const source = other(replica)
    const started = now()
    const info: FollowInfo = {
      pairName: o.pair.name,
      ...(o.runId !== undefined ? { runId: o.runId } : {}),
      replica,
      source,
      replicaFrom: from,
      intervalSeconds: intervalMs / 1000,
      startedAt: new Date(started).toISOString()
    }
    o.onStart?.(info)

    const stallSeconds = o.stallSeconds ?? Math.max(60, (6 * intervalMs) / 1000)
    const windowSeconds = o.windowSeconds ?? Math.max(60, (8 * intervalMs) / 1000)
    const points: GrowthPoint[] = []
    let offset: number | undefined
    let lastKind: ReplicationEvent['kind'] | undefined
    let failures = 0
    const last: Partial<Record<NodeRole, NodeSample>> = {}
    for (;;) {
      if (signal.aborted) return end('stopped', 'stopped by the admin before DB_EVENT_REP_STARTUPDONE')
      const t0 = now()
      const events: ReplicationEvent[] = []
      const nodes = await Promise.all(
        (['primary', 'secondary'] as const).map(async (role): Promise<NodeSample> => {
          const watch = role === replica
          const begin = now()
          try {
            const r = await ex[role].exec(sampleCommand(o.pair.paths, watch, offset), {
              timeoutMs: o.execTimeoutMs ?? 20_000,
              signal,
              maxStdoutBytes: SAMPLE_MAX_STDOUT
            })
            const p = parseSample(r.stdout)
            if (watch && p.guiLog && !('missing' in p.guiLog)) {
              offset = nextOffset(p.guiLog)
              // node text goes to the UI and SQLite: the same last redaction pass as everything else
              events.push(...p.guiLog.events.map((e) => ({ kind: e.kind, text: redactText(e.text) })))
            }
            const s: NodeSample = { role, data: p.data, log: p.log, execMs: now() - begin, wireBytes: r.bytesIn }
            return (last[role] = s)
          } catch (err) {
            const prev = last[role]
            return {
              role,
              data: prev?.data ?? { files: 0, bytes: 0 },
              log: prev?.log ?? { files: 0, bytes: 0 },
              execMs: now() - begin,
              wireBytes: 0,
              error: reason(err)
            }
          }
        })
      )
      if (signal.aborted) return end('stopped', 'stopped by the admin before DB_EVENT_REP_STARTUPDONE')
      const bad = nodes.find((n) => n.error)
      failures = bad ? failures + 1 : 0
      if (failures >= 3 && bad) return end('error', `the ${bad.role} did not answer three samples in a row: ${bad.error}`)
      const byRole = { primary: nodes[0], secondary: nodes[1] }
      const r = byRole[replica]
      const s = byRole[source]
      const t = (t0 - started) / 1000
      if (!r.error) points.push({ t, bytes: r.data.bytes, progress: r.data.bytes + r.log.bytes + r.data.files + r.log.files })
      const sample: FollowSample = {
        seq: samples,
        at: new Date(t0).toISOString(),
        t,
        replica,
        nodes: byRole,
        share: s.data.bytes > 0 ? r.data.bytes / s.data.bytes : null,
        logsMatch:
          !r.log.error && !s.log.error && r.log.files === s.log.files && r.log.bytes === s.log.bytes && r.log.newest === s.log.newest,
        estimate: estimateCompletion(points, s.data.bytes, { stallSeconds, windowSeconds }),
        events
      }
      samples++
      o.onSample?.(sample)
      if (events.length) lastKind = events[events.length - 1].kind
      if (lastKind === 'STARTUPDONE') {
        const line = events.find((e) => e.kind === 'STARTUPDONE')?.text
        return end('complete', `${samples === 1 ? 'already complete' : 'replication complete'}: ${line ?? 'DB_EVENT_REP_STARTUPDONE'}`)
      }
      if (lastKind === 'DB_PANIC')
        return end('panic', `DB_PANIC on the ${replica}: ${events.find((e) => e.kind === 'DB_PANIC')?.text ?? 'see guiDaemon.0'}`)
      if (o.maxMs !== undefined && now() - started >= o.maxMs)
        return end('time-limit', `no DB_EVENT_REP_STARTUPDONE within ${Math.round(o.maxMs / 1000)} s: replication may still be running`)
      await pause(Math.max(0, intervalMs - (now() - t0)), signal)
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort)
    opened.primary?.close()
    opened.secondary?.close()
  }
}
