/**
 * Check runs of saved pairs, for the app (run button, "Check all", the scheduler) and the CLI
 * (`check --all`): begin the run row → runPair → save, cancel, and never two runs of one pair at once.
 * `runMany` checks many pairs through a bounded pool. No Electron import: every collaborator is injected.
 */
import type { NodeRole } from '../../shared/domain/check'
import type { RunProgress, RunReport } from '../../shared/domain/run'
import type { SavedPair } from '../db/pair-repo'
import type { HistoryService } from '../history/history-service'
import type { PairSecrets } from '../secrets/types'
import type { SshExecutor } from '../ssh/executor'
import { runPair } from './run-pair'
import { pairSummary } from '../../shared/domain/run'
import { errorLine } from '../../shared/error-line'

/** How a run was started (kept in memory for events; the run row's `by` says who). */
export type RunTrigger = 'manual' | 'check-all' | 'schedule' | 'cli'

export type Connect = (role: NodeRole, signal: AbortSignal) => Promise<SshExecutor>

export interface RunServiceDeps {
  history: Pick<HistoryService, 'beginRun' | 'saveRun' | 'latestRun'>
  pairs: { get(id: number): SavedPair | undefined }
  /** a pair's secrets (keychain, or the demo pair's from the simulator) */
  secretsOf(pairId: number): Promise<PairSecrets>
  /** the connect(role) of one run: pairConnector with the host's host-key policy */
  connectorFor(pair: SavedPair, secrets: PairSecrets): Connect
  now?: () => number
  /** the run row's `by` (default: runPair's OS user@host) */
  by?: string
  probeTimeoutMs?: number
}

/** What happened to a pair, for listeners (fleet view, tray, notifications, metrics). */
export type RunEvent =
  | { type: 'started'; pairId: number; trigger: RunTrigger }
  | { type: 'progress'; pairId: number; progress: RunProgress }
  /** `previous` = the newest completed run before this one (verdict-change notifications compare to it) */
  | { type: 'finished'; pairId: number; trigger: RunTrigger; report: RunReport; previous?: RunReport }
  | { type: 'failed'; pairId: number; trigger: RunTrigger; error: string }

export interface RunOptions {
  onProgress?: (progress: RunProgress) => void
  signal?: AbortSignal
  trigger?: RunTrigger
  by?: string
  /** the run compared against (default: the pair's newest completed run); a fix's re-check passes its baseline */
  previous?: RunReport
}

/** One pair's outcome in runMany: its report, the reason it failed, or why it was not run. */
export type RunOutcome =
  | { pairId: number; state: 'done'; report: RunReport }
  | { pairId: number; state: 'failed'; error: string }
  /** already running (not doubled) or the batch was cancelled before its turn */
  | { pairId: number; state: 'skipped'; reason: 'already-running' | 'cancelled' }

/** runMany's per-pair progress: queued (all at once), started, each run progress, then the outcome. */
export type ManyProgress =
  | { pairId: number; phase: 'queued' }
  | { pairId: number; phase: 'started' }
  | { pairId: number; phase: 'progress'; progress: RunProgress }
  | { pairId: number; phase: 'outcome'; outcome: RunOutcome }

export interface RunManyOptions {
  /** runs at a time (each opens 2 SSH connections); default 4 */
  concurrency?: number
  /** aborting cancels the runs in flight and skips the rest */
  signal?: AbortSignal
  onProgress?: (p: ManyProgress) => void
  trigger?: RunTrigger
  by?: string
}

/** Thrown by run() when the pair already has a run in progress. */
export class RunInProgressError extends Error {
  readonly pairId: number
  constructor(pairId: number) {
    super('a run of this pair is already in progress')
    this.name = 'RunInProgressError'
    this.pairId = pairId
  }
}

function message(err: unknown): string {
  return errorLine(err)
}

export class RunService {
  readonly #deps: RunServiceDeps
  readonly #running = new Map<number, { controller: AbortController; trigger: RunTrigger }>()
  readonly #listeners = new Set<(e: RunEvent) => void>()

  constructor(deps: RunServiceDeps) {
    this.#deps = deps
  }

  /** Subscribe to every run's events (any trigger); returns the unsubscribe. */
  onEvent(listener: (e: RunEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  isRunning(pairId: number): boolean {
    return this.#running.has(pairId)
  }

  /** Ids of the pairs with a run in progress. */
  runningPairs(): number[] {
    return [...this.#running.keys()]
  }

  /**
   * Run every check against a saved pair: begin its run row, run, save (cancelled runs are saved as
   * cancelled). Throws RunInProgressError when the pair is already running, and when the pair is unknown.
   */
  async run(pairId: number, options: RunOptions = {}): Promise<RunReport> {
    if (this.#running.has(pairId)) throw new RunInProgressError(pairId)
    const trigger = options.trigger ?? 'manual'
    const controller = new AbortController()
    // claim the pair before the first await: a second call in the same tick sees it running
    this.#running.set(pairId, { controller, trigger })
    const onAbort = (): void => controller.abort()
    if (options.signal?.aborted) controller.abort()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    this.#emit({ type: 'started', pairId, trigger })
    try {
      const pair = this.#deps.pairs.get(pairId)
      if (!pair) throw new Error(`no pair ${pairId}`)
      const secrets = await this.#deps.secretsOf(pairId)
      const connect = this.#deps.connectorFor(pair, secrets)
      const previous = options.previous ?? this.#deps.history.latestRun({ pairId })
      const now = this.#deps.now ?? Date.now
      const by = options.by ?? this.#deps.by
      const runId = this.#deps.history.beginRun(pairSummary(pair), new Date(now()).toISOString(), by)
      const report = await runPair(pair, {
        connect,
        salt: pair.salt,
        previous,
        signal: controller.signal,
        now,
        ...(by ? { by } : {}),
        ...(this.#deps.probeTimeoutMs ? { probeTimeoutMs: this.#deps.probeTimeoutMs } : {}),
        onProgress: (progress) => {
          options.onProgress?.(progress)
          this.#emit({ type: 'progress', pairId, progress })
        }
      })
      report.runId = runId
      this.#deps.history.saveRun(report)
      this.#emit({ type: 'finished', pairId, trigger, report, ...(previous ? { previous } : {}) })
      return report
    } catch (err) {
      this.#emit({ type: 'failed', pairId, trigger, error: message(err) })
      throw err
    } finally {
      options.signal?.removeEventListener('abort', onAbort)
      this.#running.delete(pairId)
    }
  }

  /** Cancel a pair's run in progress; false when none. */
  cancel(pairId: number): boolean {
    const r = this.#running.get(pairId)
    r?.controller.abort()
    return r !== undefined
  }

  /** Cancel every run in progress (quit, dispose). */
  cancelAll(): void {
    for (const r of this.#running.values()) r.controller.abort()
  }

  /**
   * Check many pairs with at most `concurrency` runs at a time, in the given order. A pair already
   * running is skipped (not doubled); aborting `signal` cancels the runs in flight and skips the rest.
   * Never throws for one pair: each pair gets an outcome, in the order of `pairIds`.
   */
  async runMany(pairIds: readonly number[], options: RunManyOptions = {}): Promise<RunOutcome[]> {
    const ids = [...new Set(pairIds)]
    const outcomes: RunOutcome[] = new Array(ids.length)
    const emit = (p: ManyProgress): void => options.onProgress?.(p)
    for (const pairId of ids) emit({ pairId, phase: 'queued' })
    let next = 0
    const settle = (i: number, outcome: RunOutcome): void => {
      outcomes[i] = outcome
      emit({ pairId: outcome.pairId, phase: 'outcome', outcome })
    }
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const i = next++
        const pairId = ids[i]
        if (options.signal?.aborted) {
          settle(i, { pairId, state: 'skipped', reason: 'cancelled' })
          continue
        }
        if (this.#running.has(pairId)) {
          settle(i, { pairId, state: 'skipped', reason: 'already-running' })
          continue
        }
        emit({ pairId, phase: 'started' })
        try {
          const report = await this.run(pairId, {
            signal: options.signal,
            trigger: options.trigger ?? 'check-all',
            ...(options.by ? { by: options.by } : {}),
            onProgress: (progress) => emit({ pairId, phase: 'progress', progress })
          })
          settle(i, { pairId, state: 'done', report })
        } catch (err) {
          settle(
            i,
            err instanceof RunInProgressError
              ? { pairId, state: 'skipped', reason: 'already-running' }
              : { pairId, state: 'failed', error: message(err) }
          )
        }
      }
    }
    const width = Math.max(1, Math.min(Math.floor(options.concurrency ?? 4), ids.length))
    await Promise.all(Array.from({ length: width }, worker))
    return outcomes
  }

  #emit(e: RunEvent): void {
    for (const l of this.#listeners) {
      try {
        l(e)
      } catch {
        // a listener's bug must not break a run
      }
    }
  }
}
