/**
 * Main's own confirmation, seen from the UI (Debian Chromium, the real handlers through the bridge): a
 * node's host key changed behind the same host:port; the admin types the host name in the app's dialog
 * and clicks Replace; main then asks in its own dialog (Electron: a native message box; here the bridge's
 * hook answers). Declined: the app's dialog says the pin was kept; confirmed: the pin is replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
      const { id } = bridge.services.store.pairs.save({ ...cfg, primary: { ...cfg.primary, host, port: proxy.port } })
      for (const role of ['primary', 'secondary'] as const) await bridge.services.store.pairs.setSecret(id, role, 'password', simA.secrets.password)
      bridge.services.store.hostKeys.pin(host, proxy.port, simA.primary.hostKeySha256, 'ssh-ed25519')
      bridge.services.store.hostKeys.pin(cfg.secondary.host, cfg.secondary.port, simA.secondary.hostKeySha256, 'ssh-ed25519')
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

  it('declined in main\'s dialog: the app says the old pin is kept; confirmed: replaced', async () => {
    const { page, bridge } = session
    const tid = (id: string) => page.getByTestId(id)
    await tid('pair').filter({ hasText: 'guarded pair' }).click()
    await tid('run').click()
    await tid('hostkey-banner').waitFor({ timeout: 90_000 })
    await tid('hk-review').click()
    const warn = tid('hostkey-dialog').getByTestId('hk-changed')
    await warn.waitFor({ timeout: 30_000 })
    await warn.getByTestId('hk-confirm').fill(host)

    bridge.onConfirm = () => false
    await warn.getByTestId('hk-replace').click()
    const error = warn.locator('.error')
    await error.waitFor()
    expect(await error.textContent()).toBe(`replacing the pinned host key of ${host}:${proxy.port} was not confirmed: the old pin is kept`)
    expect(bridge.services.store.hostKeys.get(host, proxy.port)).toBe(simA.primary.hostKeySha256)
    expect(bridge.confirmations).toHaveLength(1)
    const shown = `${bridge.confirmations[0].text.message}\n${bridge.confirmations[0].text.detail}`
    for (const part of [`${host}:${proxy.port}`, 'ssh-ed25519', simA.primary.hostKeySha256, simB.primary.hostKeySha256, 'guarded pair']) expect(shown).toContain(part)

    bridge.onConfirm = () => true
    await warn.getByTestId('hk-replace').click()
    await warn.getByTestId('hk-done').waitFor()
    expect(bridge.services.store.hostKeys.get(host, proxy.port)).toBe(simB.primary.hostKeySha256)
    expect(bridge.confirmations).toHaveLength(2)
    expect(errors).toEqual([])
  }, 180_000)
})
