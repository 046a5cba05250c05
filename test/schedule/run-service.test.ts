/**
 * RunService: one run per pair at a time, begin → run → save in the real store, cancel, and the bounded
 * pool of runMany. Connections are a stand-in that waits on a gate and then refuses (node unreachable):
 * what is under test is the bookkeeping, not SSH (the e2e fleet test runs simulated pairs).
 */
import { describe, expect, it } from 'vitest'
import { openAppStore, type AppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { RunService, RunInProgressError, type RunEvent } from '../../src-main/main/run/run-service'
import { useTempDir } from '../db/temp'

const temp = useTempDir('nsm-runsvc-')

function pairOf(name: string, i: number): Parameters<AppStore['pairs']['save']>[0] {
  const node = (n: number): { host: string; port: number; user: string; auth: 'password'; sudo: 'none' } => ({
    host: `127.0.0.${n}`,
    port: 22,
    user: 'root',
    auth: 'password',
    sudo: 'none'
  })
  return {
    name,
    primary: node(2 * i + 10),
    secondary: node(2 * i + 11),
    paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' },
    tags: [],
    notes: ''
  }
}

/** a store with `n` pairs and a RunService whose connections wait until released */
async function setup(
  n: number
): Promise<{ store: AppStore; service: RunService; ids: number[]; release(): void; connecting: () => number; maxInFlight: () => number }> {
  const store = await openAppStore({ dir: temp(), secretStore: new SessionSecretStore() })
  const ids = Array.from({ length: n }, (_, i) => store.pairs.save(pairOf(`pair ${i}`, i)).id)
  let waiters: (() => void)[] = []
  let released = false
  let inFlight = 0
  let max = 0
  const service = new RunService({
    history: store.history,
    pairs: store.pairs,
    secretsOf: async () => ({}),
    connectorFor: () => async (_role, signal) => {
      inFlight++
      max = Math.max(max, inFlight)
      try {
        if (!released && !signal.aborted)
          await new Promise<void>((ok) => {
            waiters.push(ok)
            signal.addEventListener('abort', () => ok(), { once: true })
          })
        throw new Error('connection refused')
      } finally {
        inFlight--
      }
    }
  })
  return {
    store,
    service,
    ids,
    release() {
      released = true
      for (const w of waiters) w()
      waiters = []
    },
    connecting: () => inFlight,
    maxInFlight: () => max
  }
}

describe('RunService', () => {
  it('saves a finished run and refuses a second run of the same pair while the first is going', async () => {
    const { store, service, ids, release } = await setup(1)
    const events: RunEvent['type'][] = []
    service.onEvent((e) => events.push(e.type))
    const first = service.run(ids[0])
    expect(service.isRunning(ids[0])).toBe(true)
    await expect(service.run(ids[0])).rejects.toBeInstanceOf(RunInProgressError)
    release()
    const report = await first
    expect(report.state).toBe('completed')
    expect(report.verdict).toBe('fail') // sys.reachable fails, the rest is unknown
    expect(service.isRunning(ids[0])).toBe(false)
    const saved = store.history.listRuns({ pairId: ids[0] })
    expect(saved.total).toBe(1)
    expect(saved.items[0].state).toBe('completed')
    expect(events[0]).toBe('started')
    expect(events.at(-1)).toBe('finished')
    store.close()
  })

  it('cancel ends the run as cancelled and saves it', async () => {
    const { store, service, ids } = await setup(1)
    const run = service.run(ids[0])
    expect(service.cancel(ids[0])).toBe(true)
    expect((await run).state).toBe('cancelled')
    expect(store.history.listRuns({ pairId: ids[0] }).items[0].state).toBe('cancelled')
    expect(service.cancel(ids[0])).toBe(false)
    store.close()
  })

  it('runMany keeps at most `concurrency` runs going, skips a pair already running, and reports each pair', async () => {
    const { store, service, ids, release, connecting, maxInFlight } = await setup(7)
    // pair 3 is running on its own and comes first in the batch: skipped, not doubled
    const single = service.run(ids[3])
    const order = [ids[3], ...ids.filter((id) => id !== ids[3])]
    const phases: string[] = []
    const many = service.runMany(order, { concurrency: 2, onProgress: (p) => phases.push(`${p.pairId}:${p.phase}`) })
    await expect.poll(() => connecting()).toBe(6) // pair 3 alone (2 nodes) + 2 pool runs (2 nodes each)
    await new Promise((ok) => setTimeout(ok, 50))
    expect(connecting()).toBe(6)
    release()
    const outcomes = await many
    await single
    expect(outcomes.map((o) => o.pairId)).toEqual(order)
    expect(outcomes.find((o) => o.pairId === ids[3])).toEqual({ pairId: ids[3], state: 'skipped', reason: 'already-running' })
    expect(outcomes.filter((o) => o.state === 'done')).toHaveLength(6)
    expect(maxInFlight()).toBeLessThanOrEqual(6)
    expect(phases.filter((p) => p.endsWith(':queued'))).toHaveLength(7)
    for (const id of ids) expect(store.history.listRuns({ pairId: id }).total).toBe(1)
    store.close()
  })

  it('aborting runMany cancels the runs in flight and skips the rest', async () => {
    const { store, service, ids } = await setup(5)
    const controller = new AbortController()
    const many = service.runMany(ids, { concurrency: 2, signal: controller.signal })
    await expect.poll(() => service.runningPairs().length).toBe(2)
    controller.abort()
    const outcomes = await many
    const states = outcomes.map((o) => (o.state === 'done' ? o.report.state : o.state === 'skipped' ? o.reason : o.state))
    expect(states).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled'])
    expect(outcomes.filter((o) => o.state === 'done')).toHaveLength(2)
    expect(service.runningPairs()).toEqual([])
    store.close()
  })
})
