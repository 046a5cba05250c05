/**
 * The checks view leads with the answer, in Debian Chromium on the real handlers: the problems (fail, warn,
 * unknown) one line each above the steps, basic checks first, each linked to its row and with its fix; and a
 * run that reached neither node is "not checked" with its one reason (not a row per check), kept out of the
 * history trend, the fleet's worst-first order and the tray's fail count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { startTcpProxy, type TcpProxy } from './tcp-proxy'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { expectedStatuses } from '../../src-main/shared/domain/scenario'
import { createServer } from 'node:net'

const gate = requireChromium()

/** a port with nothing listening (bound on port 0, then closed) */
async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((ok) => s.close(() => ok()))
  return port
}

describe.skipIf(!gate.available)('answer first: problems above the steps, "not checked" runs', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  let sim: SimPair
  const proxies: Record<'primary' | 'secondary', TcpProxy | undefined> = { primary: undefined, secondary: undefined }
  const errors: string[] = []
  let pairId = 0

  beforeAll(async () => {
    sim = await startSimPair({ scenario: 'peer-services-down' })
    session = await startAppSession('nsm-ui-answer-', errors, async (b) => {
      const cfg = sim.pairConfig('lab pair')
      for (const role of ['primary', 'secondary'] as const) {
        const p = await startTcpProxy({ host: cfg[role].host, port: cfg[role].port })
        proxies[role] = p
        cfg[role] = { ...cfg[role], host: p.host, port: p.port }
      }
      pairId = b.store.pairs.save(cfg).id
      for (const role of ['primary', 'secondary'] as const) {
        await b.store.pairs.setSecret(pairId, role, 'password', sim.secrets.password)
        b.store.hostKeys.pin(cfg[role].host, cfg[role].port, sim[role].hostKeySha256, 'ssh-ed25519')
      }
    })
    ;({ bridge, page } = session)
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    for (const p of Object.values(proxies)) await p?.close()
    await sim?.stop()
  })

  /** the trend the History chart draws (runs:trend's handler) */
  const trend = async (): Promise<number[]> => bridge.store.history.trend({ pairId }).runs.map((p) => p.runId)
  /** the check row holding the focus */
  const focusedCheck = (): Promise<string | null> =>
    page.evaluate(() => {
      interface El {
        closest(s: string): El | null
        getAttribute(n: string): string | null
      }
      const a = (globalThis as unknown as { document: { activeElement: El | null } }).document.activeElement
      return a?.closest('[data-testid="check"]')?.getAttribute('data-id') ?? null
    })

  it('lists the problems one line each above the steps, basic checks first; a title opens its row; a fix opens the wizard', async () => {
    await page.getByTestId('pair').first().click()
    await page.getByTestId('run').click()
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 90_000 })
    await page.getByTestId('problems').waitFor()
    const expected = expectedStatuses('peer-services-down')
    const bad = Object.entries(expected).filter(([, s]) => s === 'fail' || s === 'warn' || s === 'unknown')
    const shown = await page
      .getByTestId('problem')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-id'), e.getAttribute('data-status')]))
    expect(Object.fromEntries(shown)).toEqual(Object.fromEntries(bad))
    // fail before warn before unknown (no basic check fails here)
    const rank = { fail: 0, warn: 1, unknown: 2 } as Record<string, number>
    const ranks = shown.map(([, s]) => rank[s ?? ''])
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks)
    // the answer comes before the first step, and the basic checks are the first group
    const answerBox = (await page.getByTestId('answer').boundingBox())!
    const stepBox = (await page.locator('section.step').first().boundingBox())!
    expect(answerBox.y + answerBox.height).toBeLessThanOrEqual(stepBox.y)
    const order = { firstGroup: (await page.locator('section.step h2').first().textContent()) ?? '' }
    expect(order.firstGroup).toMatch(/^Basics/)
    const firstIds = await page
      .locator('section.step')
      .first()
      .getByTestId('check')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    expect(firstIds).toEqual(expect.arrayContaining(['sys.reachable', 'sys.clock-skew', 'sys.disk-space', 'sys.nsm-version']))
    // a problem's title opens its row and focuses it
    const services = page.locator('[data-testid="problem"][data-id="ha.services"]')
    await services.getByTestId('problem-link').click()
    const row = page.locator('[data-testid="check"][data-id="ha.services"]')
    await row.locator('.details .why').waitFor()
    expect(await focusedCheck()).toBe('ha.services')
    // its fix button opens the wizard for that fix
    await services.getByTestId('problem-fix').first().click()
    await page.getByTestId('fix-wizard').waitFor()
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('fix-wizard').count()).toBe(0)
    expect(await page.getByTestId('not-checked').count()).toBe(0)
  }, 120_000)

  it('a run that reaches neither node is "not checked" with one reason, left out of the trend, fleet failures and tray', async () => {
    const before = await trend()
    expect(before.length).toBe(1)
    const dead = await closedPort()
    proxies.primary!.retarget('127.0.0.1', dead)
    proxies.secondary!.retarget('127.0.0.1', dead)
    await page.getByTestId('run').click()
    await page.getByTestId('not-checked').waitFor({ timeout: 60_000 })
    const text = (await page.getByTestId('not-checked').textContent()) ?? ''
    expect(text).toMatch(/neither node reached/)
    // the reason once, not a row per check repeating it
    expect(await page.getByTestId('check').count()).toBe(0)
    expect(await page.getByTestId('problem').count()).toBe(0)
    expect(await page.locator('[data-testid="verdict"] .badge').textContent()).toContain('NOT CHECKED')
    await page.getByTestId('not-checked-toggle').click()
    expect(await page.getByTestId('check').count()).toBeGreaterThan(20)
    // stored as such: the history list says "not checked", the trend leaves it out
    const runs = bridge.store.history.listRuns({ pairId }).items
    expect(runs.length).toBe(2)
    expect(bridge.store.history.notCheckedIds(runs.map((r) => r.id))).toEqual(new Set([runs[0].id]))
    expect(await trend()).toEqual(before)
    await page.getByTestId('tab-history').click()
    await expect
      .poll(() => page.getByTestId('run-verdict').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict'))))
      .toEqual(['not-checked', 'fail'])
    // the fleet: a distinct state, not counted as a failure; the tray: one not checked, no fail
    bridge.services.fleet.updateTray()
    const tray = bridge.platform.tray.states.at(-1)!
    expect(tray.counts.fail).toBe(0)
    expect(tray.notChecked).toBe(1)
    expect(tray.verdict).toBe('unknown')
    expect(tray.tooltip).toContain('1 not checked')
    const row = bridge.services.fleet.list().find((p) => p.id === pairId)!
    expect(row.notChecked).toMatch(/neither node reached/)
    expect(row.recent).toEqual(['fail'])
    await page.getByTestId('nav-fleet').click()
    const fleetRow = page.locator('[data-testid="fleet-row"][data-pair="lab pair"]')
    await expect.poll(() => fleetRow.getAttribute('data-verdict')).toBe('not-checked')
    expect(await fleetRow.getByTestId('fleet-not-checked').textContent()).toMatch(/not checked: neither node reached/)
    // reachable again: checked, and the trend grows
    proxies.primary!.retarget(sim.pairConfig('x').primary.host, sim.pairConfig('x').primary.port)
    proxies.secondary!.retarget(sim.pairConfig('x').secondary.host, sim.pairConfig('x').secondary.port)
    await bridge.runner.run(pairId)
    expect((await trend()).length).toBe(2)
    bridge.services.fleet.updateTray()
    expect(bridge.platform.tray.states.at(-1)!.counts.fail).toBe(1)
    expect(bridge.platform.tray.states.at(-1)!.notChecked).toBe(0)
    expect(errors).toEqual([])
  }, 120_000)
})
