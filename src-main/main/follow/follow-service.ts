/**
 * Follows of the app (one per pair at a time): start connects both nodes and resolves once the follow is
 * under way; samples and the end are pushed through `emit` and stored with the run (FollowRepo). Stop
 * aborts it; the session closes its connections. No Electron here: the IPC layer wires it.
 */
import type { NodeRole } from '../../shared/domain/check'
import type { FollowEnd, FollowInfo, FollowSample, StoredFollow } from '../../shared/domain/follow'
import type { PairConfig } from '../../shared/domain/pair'
import type { RunReport } from '../../shared/domain/run'
import type { SshExecutor } from '../ssh/executor'
import { followReplication, type FollowOptions } from './follow-session'
import type { FollowRepo } from '../db/follow-repo'

export interface FollowEvents {
  sample(pairId: number, followId: number, sample: FollowSample): void
  end(pairId: number, followId: number | undefined, end: FollowEnd): void
}

export interface FollowServiceDeps {
  repo: FollowRepo
  /** the pair and its connect function (keychain secrets, pinned host keys) */
  connectorFor(pairId: number): Promise<{ pair: PairConfig; connect: (role: NodeRole, signal?: AbortSignal) => Promise<SshExecutor> }>
  /** the standby of a stored run, if it tells (the fallback when haStatus does not) */
  standbyOf?(runId: number): NodeRole | undefined
  /** overrides for tests: interval, stall, time limit */
  options?: Partial<Pick<FollowOptions, 'intervalMs' | 'maxMs' | 'stallSeconds' | 'windowSeconds'>>
}

/** The standby of a stored run by haStatus (Local Server standby on exactly one node), if it tells. */
export function standbyOfReport(report: RunReport | undefined): NodeRole | undefined {
  if (!report) return undefined
  const standby = (['primary', 'secondary'] as const).filter((r) =>
    /standby|backup|slave|client/i.test(report.nodes[r]?.haStatus?.local?.state ?? '')
  )
  return standby.length === 1 ? standby[0] : undefined
}

interface Active {
  info: FollowInfo & { followId: number }
  controller: AbortController
  done: Promise<FollowEnd>
}

/** a follow stops by itself after this long (a re-sync of a large database can take hours) */
export const APP_FOLLOW_MAX_MS = 12 * 3600 * 1000

export class FollowService {
  readonly #deps: FollowServiceDeps
  readonly #active = new Map<number, Active>()
  /** starts still connecting, so a second start of the same pair joins the first */
  readonly #starting = new Map<number, Promise<FollowInfo & { followId: number }>>()

  constructor(deps: FollowServiceDeps) {
    this.#deps = deps
  }

  /** a failed write (the pair deleted meanwhile, a locked file) is not a reason to stop following */
  #store<T>(write: () => T): T | undefined {
    try {
      return write()
    } catch {
      return undefined
    }
  }

  /** The follow under way for a pair, if any. */
  active(pairId: number): (FollowInfo & { followId: number }) | undefined {
    return this.#active.get(pairId)?.info
  }

  /**
   * Start following (or return the follow already under way for this pair). Rejects with a one-line
   * reason when a node cannot be connected.
   */
  async start(
    a: { pairId: number; runId?: number; intervalSeconds?: number },
    events: FollowEvents
  ): Promise<FollowInfo & { followId: number }> {
    const running = this.#active.get(a.pairId)
    if (running) return running.info
    const pending = this.#starting.get(a.pairId)
    if (pending) return pending
    const starting = this.#start(a, events)
    this.#starting.set(a.pairId, starting)
    try {
      return await starting
    } finally {
      this.#starting.delete(a.pairId)
    }
  }

  async #start(
    a: { pairId: number; runId?: number; intervalSeconds?: number },
    events: FollowEvents
  ): Promise<FollowInfo & { followId: number }> {
    const { pair, connect } = await this.#deps.connectorFor(a.pairId)
    const controller = new AbortController()
    let followId: number | undefined
    let started!: (info: FollowInfo & { followId: number }) => void
    const onStart = new Promise<FollowInfo & { followId: number }>((resolve) => (started = resolve))
    const o = this.#deps.options ?? {}
    const done = followReplication({
      pair,
      connect: (role, signal) => connect(role, signal),
      intervalMs: a.intervalSeconds !== undefined ? a.intervalSeconds * 1000 : o.intervalMs,
      maxMs: o.maxMs ?? APP_FOLLOW_MAX_MS,
      stallSeconds: o.stallSeconds,
      windowSeconds: o.windowSeconds,
      replica: a.runId !== undefined ? this.#deps.standbyOf?.(a.runId) : undefined,
      runId: a.runId,
      signal: controller.signal,
      onStart: (info) => {
        followId = this.#store(() => this.#deps.repo.begin(info, a.pairId)) ?? 0
        const withId = { ...info, followId }
        this.#active.set(a.pairId, { info: withId, controller, done })
        started(withId)
      },
      onSample: (sample) => {
        if (followId === undefined) return
        const id = followId
        if (id > 0) this.#store(() => this.#deps.repo.addSample(id, sample))
        events.sample(a.pairId, id, sample)
      }
    })
    const ended = done.then(
      (end) => {
        const id = followId
        if (id) this.#store(() => this.#deps.repo.finish(id, end))
        if (this.#active.get(a.pairId)?.controller === controller) this.#active.delete(a.pairId)
        events.end(a.pairId, followId, end)
        return end
      },
      (err: unknown) => {
        if (this.#active.get(a.pairId)?.controller === controller) this.#active.delete(a.pairId)
        throw err
      }
    )
    // the start resolves with the follow's info, or rejects with why it could not start
    return Promise.race([onStart, ended.then((end) => Promise.reject(new Error(`the follow ended at once: ${end.message}`)))])
  }

  /** Stop the pair's follow; resolves once its connections are closed. */
  async stop(pairId: number): Promise<boolean> {
    const a = this.#active.get(pairId)
    if (!a) return false
    a.controller.abort()
    await a.done.catch(() => undefined)
    return true
  }

  /** The follows stored with a run, newest first (samples included). */
  ofRun(runId: number): StoredFollow[] {
    return this.#deps.repo.ofRun(runId)
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#active.keys()].map((id) => this.stop(id)))
  }
}
