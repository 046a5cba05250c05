/**
 * Main's own confirmation, seen from the UI (Debian Chromium, the real handlers through the bridge): a
 * node's host key changed behind the same host:port; the admin types the host name in the app's dialog
 * and clicks Replace; main then asks in its own dialog (Electron: a native message box; here the bridge's
 * hook answers). Declined: the app's dialog says the pin was kept; confirmed: the pin is replaced. The
 * same for a destructive fix in the wizard: the pair name typed, Apply, main's dialog declined → the
 * wizard shows the refusal and nothing ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DestructiveFixRequest } from '../../src-main/main/app/confirm'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession } from './bridge'
import { startTcpProxy, type TcpProxy } from './tcp-proxy'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'

const gate = requireChromium()

describe.skipIf(!gate.available)("replacing a changed pin needs main's own confirmation (Chromium)", () => {
  let session: AppSession
  let simA: SimPair
  let simB: SimPair
  let proxy: TcpProxy
  const host = '127.0.0.1'
  const errors: string[] = []

  beforeAll(async () => {
    simA = await startSimPair({ scenario: 'healthy' })
    simB = await startSimPair({ scenario: 'healthy' })
    proxy = await startTcpProxy(simA.primary, host)
    session = await startAppSession('nsm-ui-main-confirm-', errors, async (bridge) => {
      const cfg = simA.pairConfig('guarded pair')
      const { id } = bridge.store.pairs.save({ ...cfg, primary: { ...cfg.primary, host, port: proxy.port } })
      for (const role of ['primary', 'secondary'] as const) await bridge.store.pairs.setSecret(id, role, 'password', simA.secrets.password)
      bridge.store.hostKeys.pin(host, proxy.port, simA.primary.hostKeySha256, 'ssh-ed25519')
      bridge.store.hostKeys.pin(cfg.secondary.host, cfg.secondary.port, simA.secondary.hostKeySha256, 'ssh-ed25519')
    })
    // the node behind host:port is now another machine
    proxy.retarget(simB.primary.host, simB.primary.port)
  }, 90_000)

  afterAll(async () => {
    await session?.close()
    await proxy?.close()
    await simA?.stop()
    await simB?.stop()
  })

  it("declined in main's dialog: the app says the old pin is kept; confirmed: replaced", async () => {
    const { page, bridge } = session
    const tid = (id: string) => page.getByTestId(id)
    await tid('pair').filter({ hasText: 'guarded pair' }).click()
    await tid('run').click()
    await tid('hostkey-banner').waitFor({ timeout: 90_000 })
    await tid('hk-review').click()
    const warn = tid('hostkey-dialog').getByTestId('hk-changed')
    await warn.waitFor({ timeout: 30_000 })
    // both nodes share the address: the pin is named by host:port
    await warn.getByTestId('hk-confirm').fill(`${host}:${proxy.port}`)

    bridge.onConfirm = () => false
    await warn.getByTestId('hk-replace').click()
    const error = warn.locator('.error')
    await error.waitFor()
    expect(await error.textContent()).toBe(`replacing the pinned host key of ${host}:${proxy.port} was not confirmed: the old pin is kept`)
    expect(bridge.store.hostKeys.get(host, proxy.port)).toBe(simA.primary.hostKeySha256)
    expect(bridge.confirmations).toHaveLength(1)
    const shown = `${bridge.confirmations[0].text.message}\n${bridge.confirmations[0].text.detail}`
    for (const part of [`${host}:${proxy.port}`, 'ssh-ed25519', simA.primary.hostKeySha256, simB.primary.hostKeySha256, 'guarded pair'])
      expect(shown).toContain(part)

    bridge.onConfirm = () => true
    await warn.getByTestId('hk-replace').click()
    await warn.getByTestId('hk-done').waitFor()
    expect(bridge.store.hostKeys.get(host, proxy.port)).toBe(simB.primary.hostKeySha256)
    expect(bridge.confirmations).toHaveLength(2)
    expect(errors).toEqual([])
  }, 180_000)
})

describe.skipIf(!gate.available)("a destructive fix needs main's own confirmation after the typed pair name (Chromium)", () => {
  let session: AppSession
  const errors: string[] = []

  beforeAll(async () => {
    session = await startAppSession(
      'nsm-ui-main-confirm-fix-',
      errors,
      async (bridge) => void (await bridge.services.demo.demoStart('db-panic'))
    )
  }, 90_000)

  afterAll(async () => {
    await session?.close()
  })

  it("declined in main's dialog: the wizard shows the refusal, no step ran, the database is still panicked", async () => {
    const { page, bridge } = session
    await page.getByTestId('pair').filter({ hasText: 'Demo pair' }).click()
    await page.getByTestId('run').click()
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 90_000 })
    const check = page.locator('[data-testid="check"][data-id="db.panic"]')
    expect(await check.getAttribute('data-status')).toBe('fail')
    if ((await check.locator('button.row').getAttribute('aria-expanded')) !== 'true') await check.locator('button.row').click()
    await check.getByTestId('fix-link').filter({ hasText: 'Re-synchronise' }).click()
    const wizard = page.getByTestId('fix-wizard')
    await wizard.getByTestId('fix-roles').waitFor()
    await wizard.getByTestId('fix-confirm').fill('Demo pair (simulator)')
    bridge.onConfirm = () => false
    await page.locator('[data-testid="fix-apply"]:not([disabled])').click()
    await page.getByTestId('fix-outcome').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('fix-outcome').textContent()).toBe(
      'refused: Re-synchronise the standby database from the primary: not confirmed in the confirmation dialog — nothing was run'
    )
    expect(bridge.confirmations).toHaveLength(1)
    const req = bridge.confirmations[0].req as DestructiveFixRequest
    expect(req).toMatchObject({
      kind: 'destructive-fix',
      pairName: 'Demo pair (simulator)',
      title: 'Re-synchronise the standby database from the primary'
    })
    expect(req.nodes).toEqual([expect.stringMatching(/^secondary \S+@127\.0\.0\.\d+:\d+$/)])
    expect(req.destroys.length).toBeGreaterThan(0)
    for (const d of req.destroys) expect(bridge.confirmations[0].text.detail).toContain(d)
    // nothing ran: no audit row of a run fix, the next run still sees the panic
    await page.getByTestId('fix-close').click()
    await page.getByTestId('run').click()
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 90_000 })
    expect(await check.getAttribute('data-status')).toBe('fail')
    expect(errors).toEqual([])
  }, 240_000)
})
