/**
 * Failover readiness, acknowledgements and offline import in Debian Chromium (the built renderer, the real
 * main-process handlers bridged in): the run header says "Failover: ready" / "not ready: 2 reasons" with
 * every precondition and its deciding check; the fleet has a failover column and filter and the tray
 * tooltip counts it; a check is acknowledged from its row (shown as such in the run and the fleet, the
 * tray colour unchanged) and the acknowledgement ends on expiry (audited); two collected files are
 * imported through main's file dialog (the bridge's stand-in) and shown as a run collected offline.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { memoryHostKeys } from '../diagnostics/collect-over-ssh'
import { collectedFiles } from '../offline/collect-by-hand'

const gate = requireChromium()

describe.skipIf(!gate.available)('readiness, acknowledgements and offline import in Chromium', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  let files: string
  const errors: string[] = []
  const sims: Record<string, SimPair> = {}
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'nsm-ui-collected-'))
    session = await startAppSession('nsm-ui-ready-', errors, async (b) => {
      const store = b.store
      for (const [name, scenario] of [
        ['ready pair', 'healthy'],
        ['broken pair', 'hmac-mismatch']
      ] as const) {
        const sim = await startSimPair({ scenario })
        sims[name] = sim
        const cfg = sim.pairConfig(name)
        const id = store.pairs.save({ ...cfg, tags: [], notes: '' }).id
        ids[name] = id
        for (const role of ['primary', 'secondary'] as const) {
          await store.pairs.setSecret(id, role, 'password', sim.secrets.password)
          store.hostKeys.pin(cfg[role].host, cfg[role].port, sim[role].hostKeySha256, 'ssh-ed25519')
        }
      }
    })
    ;({ bridge, page } = session)
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    for (const s of Object.values(sims)) await s.stop()
    if (files) rmSync(files, { recursive: true, force: true })
  })

  async function runPair(name: string): Promise<void> {
    await page.getByTestId('nav-fleet').click()
    await page.locator(`[data-testid="fleet-row"][data-pair="${name}"] [data-testid="fleet-open"]`).click()
    await page.getByTestId('run').click()
    await page.getByTestId('readiness').waitFor({ timeout: 60_000 })
  }

  it('the run header: "Failover: not ready: 2 reasons" with every precondition; "Failover: ready" on a healthy pair', async () => {
    await runPair('broken pair')
    const badge = page.getByTestId('readiness')
    expect(await badge.getAttribute('data-verdict')).toBe('not-ready')
    expect(await badge.textContent()).toBe('Failover: not ready: 2 reasons')
    await badge.click()
    const pre = page.getByTestId('precondition')
    expect(await pre.count()).toBe(14)
    expect(
      await page
        .locator('[data-testid="precondition"][data-status="not-met"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-check')))
    ).toEqual(['ha.heartbeat', 'cfg.hmac-key'])
    await runPair('ready pair')
    expect(await page.getByTestId('readiness').textContent()).toBe('Failover: ready')
    expect(await page.getByTestId('readiness').getAttribute('data-verdict')).toBe('ready')
    expect(errors).toEqual([])
  }, 120_000)

  it('the fleet: a failover column and filter; the tray tooltip counts readiness', async () => {
    await page.getByTestId('nav-fleet').click()
    const cell = (name: string) => page.locator(`[data-testid="fleet-row"][data-pair="${name}"] [data-testid="fleet-readiness"]`)
    await expect.poll(() => cell('broken pair').getAttribute('data-readiness')).toBe('not-ready')
    await expect.poll(() => cell('ready pair').getAttribute('data-readiness')).toBe('ready')
    expect(await cell('broken pair').textContent()).toBe('not ready (2)')
    await page.getByTestId('fleet-readiness-filter').selectOption('not-ready')
    expect(await page.getByTestId('fleet-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-pair')))).toEqual(['broken pair'])
    await page.getByTestId('fleet-readiness-filter').selectOption('ready')
    expect(await page.getByTestId('fleet-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-pair')))).toEqual(['ready pair'])
    await page.getByTestId('fleet-readiness-filter').selectOption('all')
    bridge.services.fleet.updateTray()
    expect(bridge.platform.tray.states.at(-1)?.tooltip).toMatch(/failover: 1 not ready, 1 ready/)
  }, 60_000)

  it('acknowledging from a check row: shown as acknowledged, "fail (1 acknowledged)" in the fleet, no tray colour; ends on expiry', async () => {
    const notified = bridge.platform.notifications.shown.length
    await page.locator('[data-testid="fleet-row"][data-pair="broken pair"] [data-testid="fleet-open"]').click()
    const row = page.locator('[data-testid="check"][data-id="cfg.hmac-key"]')
    await row.getByTestId('ack-open').click()
    await row.getByTestId('ack-reason').fill('key rotation planned (CHG-1234)')
    await row.getByTestId('ack-duration').selectOption('1d')
    await row.getByTestId('ack-save').click()
    await row.getByTestId('acknowledged').waitFor()
    expect(await row.getByTestId('acknowledged').textContent()).toMatch(/acknowledged by .+ until .+: key rotation planned \(CHG-1234\)/)
    const [ack] = bridge.store.acks.active('broken pair')
    expect(Date.parse(ack.expiresAt) - Date.parse(ack.at)).toBe(24 * 3600 * 1000)

    await page.getByTestId('nav-fleet').click()
    const acked = page.locator('[data-testid="fleet-row"][data-pair="broken pair"] [data-testid="fleet-acked"]')
    expect(await acked.textContent()).toBe('fail (1 acknowledged)')
    // ha.heartbeat still fails unacknowledged: the tray stays red; acknowledging it too leaves the tray uncoloured
    bridge.services.fleet.updateTray()
    expect(bridge.platform.tray.states.at(-1)?.verdict).toBe('fail')
    await page.locator('[data-testid="fleet-row"][data-pair="broken pair"] [data-testid="fleet-open"]').click()
    const hb = page.locator('[data-testid="check"][data-id="ha.heartbeat"]')
    await hb.getByTestId('ack-open').click()
    await hb.getByTestId('ack-reason').fill('same change')
    await hb.getByTestId('ack-save').click()
    await hb.getByTestId('acknowledged').waitFor()
    bridge.services.fleet.updateTray()
    expect(bridge.platform.tray.states.at(-1)?.verdict).toBe('pass')
    expect(bridge.platform.notifications.shown.length).toBe(notified)

    // the day passes: the acknowledgement has expired the next time it is read, and says so in the audit
    bridge.store.db.prepare("UPDATE acks SET expires_at = '2000-01-01T00:00:00.000Z' WHERE check_id = 'cfg.hmac-key'").run()
    await page.getByTestId('nav-fleet').click()
    await page.locator('[data-testid="fleet-row"][data-pair="broken pair"] [data-testid="fleet-open"]').click()
    await page.locator('[data-testid="check"][data-id="cfg.hmac-key"] [data-testid="ack-open"]').waitFor()
    expect(await page.locator('[data-testid="check"][data-id="cfg.hmac-key"] [data-testid="acknowledged"]').count()).toBe(0)
    const ended = bridge.store.acks.history('broken pair').find((a) => a.checkId === 'cfg.hmac-key')
    expect(ended?.ended).toMatchObject({ reason: 'expired', at: '2000-01-01T00:00:00.000Z', by: 'expiry' })
    expect(errors).toEqual([])
  }, 120_000)

  it('importing two collected files: a run marked collected offline, client checks skipped', async () => {
    bridge.collectedFiles = await collectedFiles(sims['ready pair'], files, memoryHostKeys())
    await page.getByTestId('nav-fleet').click()
    await page.locator('[data-testid="fleet-row"][data-pair="ready pair"] [data-testid="fleet-open"]').click()
    await page.getByTestId('import-offline').click()
    await page.getByTestId('collected-offline').waitFor({ timeout: 60_000 })
    expect(await page.locator('[data-testid="check"][data-id="sys.reachable"]').getAttribute('data-status')).toBe('skipped')
    expect(await page.locator('[data-testid="check"][data-id="cfg.hmac-key"]').getAttribute('data-status')).toBe('pass')
    // clock skew cannot be told from files: the verdict is never "ready" offline
    expect(await page.getByTestId('readiness').getAttribute('data-verdict')).toBe('unknown')
    const runs = bridge.store.history.listRuns({ pairId: ids['ready pair'] }).items
    const stored = bridge.store.history.getRun(runs[0].id)
    expect(stored?.nodes.primary.collected?.sha256).toMatch(/^[0-9a-f]{64}$/)
    // a wrong file: one line, nothing stored
    writeFileSync(join(files, 'junk.txt'), 'hello\n')
    bridge.collectedFiles = { primary: join(files, 'junk.txt'), secondary: join(files, 'junk.txt') }
    await page.getByTestId('import-offline').click()
    expect(await page.getByTestId('import-error').textContent()).toBe(
      'primary file junk.txt: not a probe output (no NSM HA Doctor header on its first line)'
    )
    expect(bridge.store.history.listRuns({ pairId: ids['ready pair'] }).items.length).toBe(runs.length)
    expect(errors).toEqual([])
  }, 120_000)
})
