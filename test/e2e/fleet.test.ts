/**
 * The fleet overview in Debian Chromium (the built renderer, the real main-process handlers bridged in):
 * simulated pairs at several scenarios plus unreachable and hanging pairs; the home view lists them all,
 * filters and sorts, "Check all" shows progress per pair, a filtered batch is cancelled, a pair on a short
 * schedule is checked by the scheduler, and a verdict change calls the notification host (the bridge's
 * stand-in for Electron's Notification) whose click opens the pair; the tray shows the worst verdict.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import type { FleetEvent } from '../../src-main/main/schedule/fleet-service'
import type { ScenarioName } from '../../src-main/shared/domain/scenario'

const gate = requireChromium()

const SCENARIOS: [string, ScenarioName][] = [
  ['sim healthy', 'healthy'],
  ['sim peer services down', 'peer-services-down'],
  ['sim hmac mismatch', 'hmac-mismatch']
]
const DEAD = 16
const SLOW = 6
/** a schedule minute lasts this long here, so "every 1 min" fires within a test */
const MINUTE_MS = 400

/** a port with nothing listening (bound on port 0, then closed) */
async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((ok) => s.close(() => ok()))
  return port
}

/** a TCP server that accepts and never says a word (an SSH connect waits for its timeout) */
async function silentServer(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>()
  const server = createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return { server, port: (server.address() as { port: number }).port, sockets }
}

describe.skipIf(!gate.available)('fleet overview in Chromium', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  const errors: string[] = []
  const sims: SimPair[] = []
  const events: FleetEvent[] = []
  const silent: Awaited<ReturnType<typeof silentServer>>[] = []
  const ids: Record<string, number> = {}
  const total = SCENARIOS.length + DEAD + SLOW

  beforeAll(async () => {
    silent.push(await silentServer(), await silentServer())
    session = await startAppSession(
      'nsm-ui-fleet-',
      errors,
      async (b) => {
        const store = b.store
        for (const [name, scenario] of SCENARIOS) {
          const sim = await startSimPair({ scenario })
          sims.push(sim)
          const cfg = sim.pairConfig(name)
          const id = store.pairs.save({ ...cfg, tags: ['lab', scenario === 'healthy' ? 'prod' : 'test'] }).id
          ids[name] = id
          for (const role of ['primary', 'secondary'] as const) {
            await store.pairs.setSecret(id, role, 'password', sim.secrets.password)
            store.hostKeys.pin(cfg[role].host, cfg[role].port, sim[role].hostKeySha256, 'ssh-ed25519')
          }
        }
        const node = (port: number): { host: string; port: number; user: string; auth: 'password'; sudo: 'none' } => ({
          host: '127.0.0.1',
          port,
          user: 'admin',
          auth: 'password',
          sudo: 'none'
        })
        const paths = { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' }
        for (let i = 0; i < DEAD; i++) {
          const id = store.pairs.save({
            name: `dc${i % 2 ? 'east' : 'west'}-${String(i).padStart(2, '0')}`,
            primary: node(await closedPort()),
            secondary: node(await closedPort()),
            paths,
            tags: [i % 2 ? 'east' : 'west'],
            notes: ''
          }).id
          ids[`dead${i}`] = id
        }
        for (let i = 0; i < SLOW; i++) {
          ids[`slow${i}`] = store.pairs.save({
            name: `slow-${i}`,
            primary: node(silent[0].port),
            secondary: node(silent[1].port),
            paths,
            tags: ['slow'],
            notes: ''
          }).id
        }
        b.services.fleet.onEvent((e) => void events.push(e))
      },
      { fleet: { minuteMs: MINUTE_MS } }
    )
    ;({ bridge, page } = session)
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    for (const s of sims) await s.stop()
    for (const q of silent) {
      for (const s of q.sockets) s.destroy()
      await new Promise<void>((ok) => q.server.close(() => ok()))
    }
  })

  const rows = (): ReturnType<Page['getByTestId']> => page.getByTestId('fleet-row')
  const row = (name: string): ReturnType<Page['locator']> => page.locator(`[data-testid="fleet-row"][data-pair="${name}"]`)

  it('is the home view: every pair on one screen, never checked yet; filter by name, tag and verdict', async () => {
    await page.getByTestId('fleet').waitFor()
    await expect.poll(() => rows().count()).toBe(total)
    expect(await page.getByTestId('fleet-counts').textContent()).toContain(`${total} pairs`)
    expect(await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')))).toEqual(new Array(total).fill('never'))
    await page.getByTestId('fleet-filter').fill('dceast')
    await expect.poll(() => rows().count()).toBe(DEAD / 2)
    await page.getByTestId('fleet-filter').fill('')
    await page.getByTestId('fleet-tag').selectOption('slow')
    await expect.poll(() => rows().count()).toBe(SLOW)
    expect(await page.getByTestId('check-all').textContent()).toContain(`Check ${SLOW} shown`)
    await page.getByTestId('fleet-tag').selectOption('')
    await page.getByTestId('fleet-verdict').selectOption('fail')
    await expect.poll(() => rows().count()).toBe(0)
    await page.getByTestId('fleet-verdict').selectOption('all')
    await expect.poll(() => rows().count()).toBe(total)
  }, 60_000)

  it('"Check all" on the lab and unreachable pairs: progress per pair, then each verdict, failing checks and a sparkline', async () => {
    // the simulated pairs first (tag lab), then the unreachable ones of one tag; the hanging ones are for the cancel test
    await page.getByTestId('fleet-tag').selectOption('lab')
    await expect.poll(() => rows().count()).toBe(SCENARIOS.length)
    await page.getByTestId('check-all').click()
    await page.getByTestId('batch-progress').waitFor()
    await page
      .locator('[data-testid="batch-progress"]', { hasText: `Checked ${SCENARIOS.length}/${SCENARIOS.length}` })
      .waitFor({ timeout: 90_000 })
    for (const [name] of SCENARIOS) {
      const phases = events
        .filter((e) => e.type === 'run' && e.event.pairId === ids[name])
        .map((e) => (e.type === 'run' ? e.event.phase : ''))
      expect(phases).toEqual(expect.arrayContaining(['queued', 'started', 'progress', 'finished']))
    }
    await expect.poll(() => row('sim peer services down').getAttribute('data-verdict')).toBe('fail')
    expect(await row('sim healthy').getAttribute('data-verdict')).toMatch(/pass|warn/)
    expect(await row('sim peer services down').locator('.chip.fail').count()).toBeGreaterThan(0)
    expect(await row('sim hmac mismatch').locator('.chip.fail[data-id="cfg.hmac-key"]').getAttribute('title')).toBe('cfg.hmac-key')
    expect(await row('sim healthy').getByTestId('sparkline').locator('rect').count()).toBe(1)
    await page.getByTestId('fleet-tag').selectOption('west')
    await page.getByTestId('check-all').click()
    await page.locator('[data-testid="batch-progress"]', { hasText: `Checked ${DEAD / 2}/${DEAD / 2}` }).waitFor({ timeout: 90_000 })
    await page.getByTestId('fleet-tag').selectOption('')
    // the unreachable pairs were not checked: a state of their own with the one reason, not an HA failure
    await expect.poll(() => page.locator('[data-testid="fleet-row"][data-verdict="not-checked"]').count()).toBe(DEAD / 2)
    expect(await page.locator('[data-testid="fleet-row"][data-verdict="fail"]').count()).toBe(1 + 1)
    expect(await row('dcwest-00').getByTestId('fleet-not-checked').textContent()).toMatch(/not checked: neither node reached/)
    // worst first: the failing pairs lead the table, then the pairs not checked
    const order = await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')))
    expect(order.slice(0, 2)).toEqual(['fail', 'fail'])
    expect(order.slice(2, 2 + DEAD / 2).every((v) => v === 'not-checked')).toBe(true)
    // the tray shows the worst verdict; the pairs not checked are counted apart, not as failures
    expect(bridge.platform.tray.states.at(-1)?.verdict).toBe('fail')
    expect(bridge.platform.tray.states.at(-1)?.counts.fail).toBe(2)
    expect(bridge.platform.tray.states.at(-1)?.notChecked).toBe(DEAD / 2)
    expect(bridge.platform.tray.states.at(-1)?.tooltip).toMatch(/2 fail.*8 not checked/)
    expect(errors).toEqual([])
  }, 180_000)

  it('cancel: the runs in flight end cancelled, the pairs not started are skipped', async () => {
    await page.getByTestId('fleet-tag').selectOption('slow')
    await expect.poll(() => rows().count()).toBe(SLOW)
    const before = events.length
    await page.getByTestId('check-all').click()
    await expect.poll(() => page.locator('[data-testid="fleet-row"][data-state="started"]').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await page.getByTestId('fleet-cancel').click()
    await page.locator('[data-testid="batch-progress"]', { hasText: `Cancelled ${SLOW}/${SLOW}` }).waitFor({ timeout: 60_000 })
    const mine = events
      .slice(before)
      .filter((e) => e.type === 'run')
      .map((e) => (e.type === 'run' ? e.event : undefined)!)
    const finished = mine.filter((e) => e.phase === 'finished')
    const skipped = mine.filter((e) => e.phase === 'skipped' && e.reason === 'cancelled')
    expect(finished.length).toBeGreaterThan(0)
    expect(finished.every((e) => e.state === 'cancelled')).toBe(true)
    expect(skipped.length).toBeGreaterThan(0)
    expect(finished.length + skipped.length).toBe(SLOW)
    const stored = Array.from({ length: SLOW }, (_, i) =>
      bridge.store.history.listRuns({ pairId: ids[`slow${i}`] }).items.map((r) => r.state)
    ).flat()
    expect(stored.every((s) => s === 'cancelled')).toBe(true)
    expect(stored.length).toBe(finished.length)
    await page.getByTestId('fleet-tag').selectOption('')
  }, 90_000)

  it('a pair set to a short interval is checked by the scheduler, never twice at once', async () => {
    const name = 'sim healthy'
    const before = bridge.store.history.listRuns({ pairId: ids[name] }).total
    await row(name).getByTestId('fleet-settings').click()
    await page.getByTestId('pair-interval').selectOption('1')
    await expect
      .poll(() => bridge.store.history.listRuns({ pairId: ids[name] }).total, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(before + 2)
    const scheduled = events.filter(
      (e) => e.type === 'run' && e.event.pairId === ids[name] && e.event.phase === 'started' && e.event.trigger === 'schedule'
    )
    expect(scheduled.length).toBeGreaterThanOrEqual(2)
    // started/finished alternate: no second start before the first one finished
    const seq = events
      .filter(
        (e) =>
          e.type === 'run' &&
          e.event.pairId === ids[name] &&
          (e.event.phase === 'started' || e.event.phase === 'finished' || e.event.phase === 'failed')
      )
      .map((e) => (e.type === 'run' ? e.event.phase : ''))
    for (let i = 1; i < seq.length; i++) expect(seq[i] === 'started' && seq[i - 1] === 'started').toBe(false)
    await page.getByTestId('pair-interval').selectOption('0')
    // the change is saved through IPC: wait for it, not for the select's own event
    await expect.poll(() => bridge.store.pairs.get(ids[name])?.scheduleMinutes).toBe(0)
    // the row says it is scheduled no more
    await expect.poll(() => bridge.services.fleet.list().find((p) => p.id === ids[name])?.nextDueAt ?? null).toBeNull()
  }, 90_000)

  it('a verdict change calls the notification host with the changed checks; its click opens the pair; a muted pair stays silent', async () => {
    const name = 'sim healthy'
    const sim = sims[0]
    const shown = bridge.platform.notifications.shown
    const before = shown.length
    // a scheduled run of the previous test may still be finishing
    await expect.poll(() => bridge.runner.isRunning(ids[name]), { timeout: 30_000 }).toBe(false)
    await sim.applyScenario('peer-services-down')
    await bridge.runner.run(ids[name])
    await expect.poll(() => shown.length).toBe(before + 1)
    const n = shown.at(-1)!
    expect(n.pairId).toBe(ids[name])
    expect(n.title).toMatch(new RegExp(`^${name}: (pass|warn) → fail$`))
    expect(n.body).toContain('ha.services (fail)')
    n.click()
    await page.locator('h1', { hasText: name }).waitFor()
    await page.getByTestId('nav-fleet').click()
    await page.getByTestId('fleet').waitFor()
    // muted: back to healthy, no notification
    await row(name).getByTestId('fleet-settings').click()
    await page.getByTestId('pair-mute').check()
    await expect.poll(() => bridge.store.pairs.get(ids[name])?.notifyMuted).toBe(true)
    await sim.applyScenario('healthy')
    const report = await bridge.runner.run(ids[name])
    expect(report.verdict).not.toBe('fail')
    expect(shown.length).toBe(before + 1)
    expect(errors).toEqual([])
  }, 90_000)
})
