/**
 * Fleet rows answer "which node is active, is replication in sync, is this fresh", in Debian Chromium on
 * the real handlers: the active node and replication state columns from the newest run's facts, failing
 * checks named by title (the id in the tooltip), and "last run" marked stale past twice the pair's schedule
 * interval, or past a day when it has no schedule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { checkDefinition } from '../../src-main/shared/domain/check'
import type { RunReport } from '../../src-main/shared/domain/run'

const gate = requireChromium()
const MIN = 60_000

describe.skipIf(!gate.available)('fleet rows: active node, replication, failing checks by title, stale last run', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  const sims: SimPair[] = []
  const errors: string[] = []
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    session = await startAppSession(
      'nsm-ui-fleet-cols-',
      errors,
      async (b) => {
        const store = b.store
        for (const [name, scenario] of [
          ['healthy', 'healthy'],
          ['hmac', 'hmac-mismatch']
        ] as const) {
          const sim = await startSimPair({ scenario })
          sims.push(sim)
          const cfg = sim.pairConfig(name)
          ids[name] = store.pairs.save(cfg).id
          for (const role of ['primary', 'secondary'] as const) {
            await store.pairs.setSecret(ids[name], role, 'password', sim.secrets.password)
            store.hostKeys.pin(cfg[role].host, cfg[role].port, sim[role].hostKeySha256, 'ssh-ed25519')
          }
        }
        const healthy = await b.runner.run(ids.healthy)
        await b.runner.run(ids.hmac)
        // pairs whose newest run is older: copies of the healthy run, saved with an earlier start
        const aged = (name: string, scheduleMinutes: number | undefined, ageMs: number): void => {
          const cfg = sims[0].pairConfig(name)
          const id = store.pairs.save({ ...cfg, ...(scheduleMinutes !== undefined ? { scheduleMinutes } : {}) }).id
          ids[name] = id
          const at = (ms: number): string => new Date(Date.now() - ms).toISOString()
          const copy: RunReport = {
            ...healthy,
            runId: undefined,
            pair: { ...healthy.pair, id, name },
            startedAt: at(ageMs),
            finishedAt: at(ageMs - 1000)
          }
          store.history.saveRun(copy)
        }
        aged('hourly, 3 h ago', 60, 180 * MIN)
        aged('hourly, 90 min ago', 60, 90 * MIN)
        aged('unscheduled, 5 h ago', undefined, 300 * MIN)
        aged('unscheduled, 2 days ago', undefined, 2 * 1440 * MIN)
      },
      { fleet: { schedule: false } }
    )
    ;({ bridge, page } = session)
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    for (const s of sims) await s.stop()
  })

  const row = (name: string): ReturnType<Page['locator']> => page.locator(`[data-testid="fleet-row"][data-pair="${name}"]`)

  it('shows the active node and the replication state of the newest run', async () => {
    await page.getByTestId('fleet').waitFor()
    await row('healthy').waitFor()
    expect(await row('healthy').getByTestId('fleet-active').getAttribute('data-active')).toBe('primary')
    expect(await row('healthy').getByTestId('fleet-active').textContent()).toContain('primary')
    expect(await row('healthy').getByTestId('fleet-repl').getAttribute('data-repl')).toBe('in-sync')
    // what main says is what the row shows
    const listed = bridge.services.fleet.list().find((p) => p.id === ids.healthy)!
    expect([listed.active, listed.replication]).toEqual(['primary', 'in-sync'])
  })

  it('names the failing checks by title, with the id in the tooltip', async () => {
    const chip = row('hmac').locator('.chip.fail[data-id="cfg.hmac-key"]')
    expect(await chip.textContent()).toBe(checkDefinition('cfg.hmac-key').title)
    expect(await chip.getAttribute('title')).toBe('cfg.hmac-key')
  })

  it('marks "last run" stale past twice the schedule interval, or a day without a schedule', async () => {
    const stale = async (name: string): Promise<string | null> => row(name).getByTestId('fleet-last-run').getAttribute('data-stale')
    expect(await stale('healthy')).toBe('false')
    expect(await stale('hourly, 90 min ago')).toBe('false')
    expect(await stale('hourly, 3 h ago')).toBe('true')
    expect(await stale('unscheduled, 5 h ago')).toBe('false')
    expect(await stale('unscheduled, 2 days ago')).toBe('true')
    expect(await row('hourly, 3 h ago').getByTestId('fleet-last-run').textContent()).toContain('stale')
    expect(errors).toEqual([])
  })
})
