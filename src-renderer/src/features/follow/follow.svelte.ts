/**
 * The follow of the selected pair's replication: start/stop through window.api, samples from the
 * follow:sample push (or, for a follow already kept with the run, from follow:list). Changed only
 * through methods.
 */
import type { FollowEnd, FollowInfo, FollowSample, StoredFollow } from '@shared/domain/follow'
import type { RunReport } from '@shared/domain/run'
import { api, errorText } from '../../lib/api'

/**
 * A run that shows a replication under way: NEWMASTER without STARTUPDONE, the standby's data still
 * short, or db-repl dirty while both HA servers run and see each other (a stopped peer is not replicating).
 */
export function replicating(report: RunReport | null): boolean {
  if (!report) return false
  const st = (id: string): string | undefined => report.checks.find((c) => c.id === id)?.status
  const bothUp = st('ha.services') === 'pass' && st('ha.heartbeat') === 'pass'
  return st('repl.secondary-startup') === 'warn' || st('repl.data-progress') === 'warn' || (bothUp && st('ha.db-replication') === 'warn')
}

export class FollowState {
  #pairId = $state<number | null>(null)
  #info = $state.raw<(FollowInfo & { followId: number }) | null>(null)
  #samples = $state.raw<FollowSample[]>([])
  #end = $state.raw<FollowEnd | null>(null)
  #error = $state<string | null>(null)
  #starting = $state(false)
  /** the follows kept with the run on screen (follow:list), for "Followed replication" */
  #kept = $state.raw<StoredFollow[]>([])
  #keptAsked = 0
  readonly running = $derived(this.#info !== null && this.#end === null && this.#error === null)
  readonly latest = $derived(this.#samples.length ? this.#samples[this.#samples.length - 1] : null)
  #off: (() => void)[] = []

  get pairId(): number | null {
    return this.#pairId
  }
  get info(): (FollowInfo & { followId: number }) | null {
    return this.#info
  }
  get samples(): readonly FollowSample[] {
    return this.#samples
  }
  get end(): FollowEnd | null {
    return this.#end
  }
  get error(): string | null {
    return this.#error
  }
  get starting(): boolean {
    return this.#starting
  }
  get kept(): readonly StoredFollow[] {
    return this.#kept
  }

  /** Read the follows kept with a run (undefined: none to show); an answer for an earlier run is dropped. */
  async loadKept(runId: number | undefined): Promise<void> {
    const asked = ++this.#keptAsked
    this.#kept = []
    if (runId === undefined) return
    try {
      const list = await api.follow.list({ runId })
      if (asked === this.#keptAsked) this.#kept = list
    } catch {
      // nothing kept to offer: the run view simply shows no "Followed replication"
    }
  }

  /** Start (or re-attach to) the follow of `pairId`, linked to the run on screen. */
  async start(pairId: number, runId: number | undefined): Promise<void> {
    if (this.#starting) return
    this.#unsubscribe()
    this.#pairId = pairId
    this.#starting = true
    this.#error = null
    this.#end = null
    this.#samples = []
    this.#info = null
    this.#off = [
      api.follow.onSample((p) => {
        if (p.pairId !== this.#pairId || (this.#info && p.followId !== this.#info.followId)) return
        if (this.#samples.some((s) => s.seq === p.sample.seq)) return
        this.#samples = [...this.#samples, p.sample]
      }),
      api.follow.onEnd((p) => {
        if (p.pairId !== this.#pairId || (this.#info && p.followId !== null && p.followId !== this.#info.followId)) return
        this.#end = p.end
      })
    ]
    try {
      const info = await api.follow.start({ pairId, ...(runId !== undefined ? { runId } : {}) })
      this.#info = info
      // a follow already under way: what it sampled before this view opened
      if (runId !== undefined && this.#samples.length === 0) {
        const kept = (await api.follow.list({ runId })).find((f) => f.followId === info.followId)
        if (kept && this.#samples.length === 0) this.#samples = kept.samples
        if (kept?.end) this.#end = kept.end
      }
    } catch (e) {
      this.#error = errorText(e)
      this.#unsubscribe()
    } finally {
      this.#starting = false
    }
  }

  /** Show a follow kept with a run (history): its samples and how it ended, nothing live. */
  showStored(pairId: number, kept: StoredFollow): void {
    this.#unsubscribe()
    this.#pairId = pairId
    this.#error = null
    this.#info = kept
    this.#samples = kept.samples
    this.#end = kept.end ?? {
      reason: 'stopped',
      message: 'the follow did not record its end (the app was closed while it ran)',
      at: kept.startedAt,
      samples: kept.samples.length
    }
  }

  async stop(): Promise<void> {
    if (this.#pairId === null) return
    try {
      await api.follow.stop({ pairId: this.#pairId })
    } catch (e) {
      this.#error = errorText(e)
    }
  }

  /** Close the view: stop a running follow, drop the subscriptions. */
  async close(): Promise<void> {
    if (this.running) await this.stop()
    this.#unsubscribe()
    this.#pairId = null
    this.#info = null
    this.#samples = []
    this.#end = null
    this.#error = null
  }

  #unsubscribe(): void {
    for (const off of this.#off) off()
    this.#off = []
  }
}

export const follow = new FollowState()
