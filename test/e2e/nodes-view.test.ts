/**
 * The Nodes view flags what matters, in Debian Chromium on the real handlers: numbers compared as numbers
 * with a tolerance (clock offsets +0.5 s and −0.4 s are the same clock; 7 s apart is a difference), and the
 * HA state, role and replication of each node marked (running / master / in-sync green, stopped red).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import type { RunReport } from '../../src-main/shared/domain/run'

const gate = requireChromium()

describe.skipIf(!gate.available)('Nodes view: numeric compare and HA highlights', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  let sim: SimPair
  let pairId = 0
  let base: RunReport
  const errors: string[] = []

  beforeAll(async () => {
    sim = await startSimPair({ scenario: 'healthy' })
    session = await startAppSession('nsm-ui-nodes-', errors, async (b) => {
      const cfg = sim.pairConfig('nodes pair')
      pairId = b.store.pairs.save(cfg).id
      for (const role of ['primary', 'secondary'] as const) {
        await b.store.pairs.setSecret(pairId, role, 'password', sim.secrets.password)
        b.store.hostKeys.pin(cfg[role].host, cfg[role].port, sim[role].hostKeySha256, 'ssh-ed25519')
      }
      base = await b.runner.run(pairId)
    })
    ;({ bridge, page } = session)
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    await sim?.stop()
  })

  /** store a copy of the real run with some node facts changed, as the newest run, and open it */
  async function openVariant(change: (r: RunReport) => void): Promise<void> {
    const copy = structuredClone(base)
    copy.runId = undefined
    copy.startedAt = new Date(Date.now() + 1000).toISOString()
    copy.finishedAt = new Date(Date.now() + 2000).toISOString()
    change(copy)
    const runId = bridge.store.history.saveRun(copy)
    await page.getByTestId('nav-fleet').click()
    await page.getByTestId('pair').first().click()
    await page.getByTestId('tab-compare').click()
    await page.getByTestId('compare').waitFor()
    expect(bridge.store.history.listRuns({ pairId }, { limit: 1 }).items[0].id).toBe(runId)
  }

  const row = (label: string): ReturnType<Page['locator']> => page.locator(`[data-testid="compare-row"][data-label="${label}"]`)

  it('clock offsets +0.5 s and −0.4 s are no difference; 7 s apart is', async () => {
    await openVariant((r) => {
      r.nodes.primary.clockOffsetMs = 500
      r.nodes.secondary.clockOffsetMs = -400
    })
    await expect.poll(() => row('Clock offset (to this computer)').locator('td').allTextContents()).toEqual(['+0.5 s', '−0.4 s'])
    expect(await row('Clock offset (to this computer)').getAttribute('data-differ')).toBe('false')
    await openVariant((r) => {
      r.nodes.primary.clockOffsetMs = 500
      r.nodes.secondary.clockOffsetMs = 7500
    })
    await expect.poll(() => row('Clock offset (to this computer)').locator('td').allTextContents()).toEqual(['+0.5 s', '+7.5 s'])
    expect(await row('Clock offset (to this computer)').getAttribute('data-differ')).toBe('true')
    expect(await row('Clock offset (to this computer)').locator('td').nth(1).getAttribute('data-tone')).toBe('warn')
    // names that must differ are never flagged
    expect(await row('Hostname').getAttribute('data-differ')).toBe('false')
    expect(errors).toEqual([])
  }, 60_000)

  it('marks HA state, role and replication per node: healthy green; stopped services red', async () => {
    await openVariant(() => undefined)
    await expect
      .poll(() =>
        row('HA state')
          .locator('td')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-tone')))
      )
      .toEqual(['good', 'good'])
    expect(await row('Role (guiDaemon log)').locator('td').allTextContents()).toEqual(['master', 'client'])
    expect(
      await row('Role (guiDaemon log)')
        .locator('td')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-tone')))
    ).toEqual(['good', 'good'])
    expect(
      await row('Replication')
        .locator('td')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-tone')))
    ).toEqual(['good', 'good'])
    await openVariant((r) => {
      const hs = r.nodes.secondary.haStatus!
      hs.processes = Object.fromEntries(Object.keys(hs.processes).map((k) => [k, 'stopped']))
      if (hs.local) hs.local = { ...hs.local, state: 'stopped', repl: 'dirty' }
    })
    await expect.poll(() => row('HA state').locator('td').nth(1).getAttribute('data-tone')).toBe('bad')
    expect(await row('Replication').locator('td').nth(1).getAttribute('data-tone')).toBe('warn')
    expect(await row('Replication').getAttribute('data-differ')).toBe('true')
    expect(errors).toEqual([])
  }, 60_000)
})
