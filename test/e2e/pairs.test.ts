/**
 * The pair form end to end in Debian Chromium (built renderer + the real handlers through the bridge, real
 * SQLite, the keychain when a Secret Service answers): add a pair pointing at the simulator, test the
 * connection, trust the new keys, run; edit (rename, legacy setting, clear/set the password); a node whose
 * host key changes behind the same host:port (a switchable TCP forwarder in front of a second simulator)
 * shows the CHANGED warning in the test and the run refuses it; the pin is replaced by typing the host;
 * delete → gone from the sidebar, SQLite and the keychain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Page } from 'playwright-core'
import { requireChromium, requireSystem } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { startTcpProxy, type TcpProxy } from './tcp-proxy'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { CredentialStore } from '../../src-main/main/secrets/credential-store'

const gate = requireChromium()
const keychainProbe = await new CredentialStore({ probeTimeoutMs: 5000 }).available()
const keyring = requireSystem('Secret Service', keychainProbe.available, keychainProbe.reason ?? 'no keychain')

describe.skipIf(!gate.available)('pair form: test connection, host-key dialog, edit, delete (Chromium)', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  let simA: SimPair
  let simB: SimPair
  let proxyP: TcpProxy
  let proxyS: TcpProxy
  let pairId: number
  const errors: string[] = []
  const host = '127.0.0.1'
  const tid = (id: string) => page.getByTestId(id)

  beforeAll(async () => {
    simA = await startSimPair({ scenario: 'healthy' })
    // the same login behind the same host:port, only the host keys differ (a reinstalled host)
    simB = await startSimPair({ scenario: 'healthy', password: simA.secrets.password })
    proxyP = await startTcpProxy(simA.primary, host)
    proxyS = await startTcpProxy(simA.secondary, host)
    session = await startAppSession('nsm-ui-pairs-', errors)
    ;({ bridge, page } = session)
  }, 90_000)

  afterAll(async () => {
    await session?.close()
    await proxyP?.close()
    await proxyS?.close()
    await simA?.stop()
    await simB?.stop()
  })

  it('adds a pair, test connection shows the new fingerprints, Trust pins exactly them, the run connects', async () => {
    await tid('add-pair').click()
    await tid('f-name').fill('lab pair')
    await tid('f-p-host').fill(host)
    await tid('f-p-port').fill(String(proxyP.port))
    await tid('f-s-host').fill(host)
    await tid('f-s-port').fill(String(proxyS.port))
    await tid('f-user').fill(simA.primary.user)
    // a user other than root gets sudo by default; the simulator's user needs none
    expect(await tid('f-sudo').inputValue()).toBe('sudo')
    await tid('f-sudo').selectOption('none')
    await tid('f-password').fill(simA.secrets.password)
    await tid('f-nsm-home').fill(simA.primary.nsmHome)
    await tid('f-nsm-data').fill(simA.primary.nsmData)
    await tid('f-ha-init').fill(simA.primary.haInit)
    await tid('f-test').click()
    await tid('test-result').waitFor({ timeout: 30_000 })
    const states = await tid('test-hostkey').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))
    expect(states).toEqual(['new', 'new'])
    const text = await tid('test-result').textContent()
    expect(text).toContain(simA.primary.hostKeySha256)
    expect(text).toContain(simA.secondary.hostKeySha256)
    expect(text).toContain('confirm the host key')
    // nothing is pinned by a test
    expect(bridge.store.hostKeys.all()).toEqual([])

    await tid('review-hostkeys').click()
    const dialog = tid('hostkey-dialog')
    await dialog.waitFor()
    expect(await dialog.getByTestId('hk-fingerprint').allTextContents()).toEqual([simA.primary.hostKeySha256, simA.secondary.hostKeySha256])
    expect(await dialog.textContent()).toContain(`${host}:${proxyP.port} (primary)`)
    expect(await dialog.textContent()).toContain('ssh-ed25519')
    await dialog.getByTestId('hk-trust').first().click()
    await dialog.getByTestId('hk-done').first().waitFor()
    await dialog.getByTestId('hk-trust').click()
    await expect.poll(() => dialog.getByTestId('hk-done').count()).toBe(2)
    await tid('hk-close').click()
    // closing after trusting tests again: now the login and haStatus are checked
    await expect
      .poll(() => tid('test-hostkey').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), { timeout: 30_000 })
      .toEqual(['match', 'match'])
    await expect.poll(() => tid('test-result').textContent(), { timeout: 30_000 }).toContain('found at')
    expect(await tid('test-result').textContent()).toContain(`logged in as ${simA.primary.user}`)
    expect(bridge.store.hostKeys.get(host, proxyP.port)).toBe(simA.primary.hostKeySha256)
    expect(bridge.store.hostKeys.get(host, proxyS.port)).toBe(simA.secondary.hostKeySha256)

    await tid('f-save').click()
    await tid('pair').filter({ hasText: 'lab pair' }).waitFor()
    pairId = bridge.store.pairs.getByName('lab pair')?.id as number
    expect(pairId).toBeGreaterThan(0)
    await tid('run').click()
    await tid('verdict').waitFor({ timeout: 90_000 })
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 90_000 })
    const run = bridge.store.history.getRun(bridge.store.history.listRuns({ pairId }, { limit: 1 }).items[0].id)
    expect(run?.nodes.primary.reachable).toBe(true)
    expect(run?.nodes.secondary.reachable).toBe(true)
    const statuses = await tid('check').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))
    expect(statuses).not.toContain('fail')
    expect(await tid('hostkey-banner').count()).toBe(0)
  }, 180_000)

  it('edits the pair: prefilled, renamed, legacy setting, password kept / cleared / set again, per-node login', async () => {
    await tid('edit-pair').click()
    await expect.poll(() => tid('f-name').inputValue()).toBe('lab pair')
    expect(await tid('f-p-port').inputValue()).toBe(String(proxyP.port))
    expect(await tid('f-nsm-home').inputValue()).toBe(simA.primary.nsmHome)
    await tid('f-password-stored').waitFor()
    expect(await tid('f-password').inputValue()).toBe('')
    await tid('f-name').fill('lab pair renamed')
    await tid('f-legacy').check()
    await tid('f-save').click()
    await tid('pair').filter({ hasText: 'lab pair renamed' }).waitFor()
    const saved = bridge.store.pairs.get(pairId)
    expect(saved?.name).toBe('lab pair renamed')
    expect(saved?.allowLegacyAlgorithms).toBe(true)
    // blank password field: the stored one is kept
    expect(await bridge.store.pairs.hasSecret(pairId, 'primary', 'password')).toBe(true)
    expect(await bridge.store.pairs.hasSecret(pairId, 'secondary', 'password')).toBe(true)

    await tid('edit-pair').click()
    await tid('f-password-clear').click()
    await tid('f-password-clearing').waitFor()
    await tid('f-legacy').uncheck()
    await tid('f-save').click()
    await tid('edit-pair').waitFor()
    await expect.poll(() => bridge.store.pairs.hasSecret(pairId, 'primary', 'password')).toBe(false)
    expect(await bridge.store.pairs.hasSecret(pairId, 'secondary', 'password')).toBe(false)
    expect(bridge.store.pairs.get(pairId)?.allowLegacyAlgorithms).toBeUndefined()

    await tid('edit-pair').click()
    await expect.poll(() => tid('f-name').inputValue()).toBe('lab pair renamed')
    expect(await tid('f-password-stored').count()).toBe(0)
    await tid('f-password').fill(simA.secrets.password)
    await tid('f-save').click()
    await tid('edit-pair').waitFor()
    await expect.poll(() => bridge.store.pairs.hasSecret(pairId, 'secondary', 'password')).toBe(true)
    // the renderer never received the password
    expect(await page.content()).not.toContain(simA.secrets.password)

    // a different login per node: the secondary's own fields, its stored secret shown for it alone
    await tid('edit-pair').click()
    await expect.poll(() => tid('f-name').inputValue()).toBe('lab pair renamed')
    await tid('f-same-login').uncheck()
    expect(await tid('f-s-user').inputValue()).toBe(simA.secondary.user)
    await tid('f-s-password-stored').waitFor()
    await tid('f-s-user').fill('nsm')
    expect(await tid('f-s-sudo').inputValue()).toBe('sudo')
    await tid('f-save').click()
    await tid('edit-pair').waitFor()
    await expect.poll(() => bridge.store.pairs.get(pairId)?.secondary.user).toBe('nsm')
    expect(bridge.store.pairs.get(pairId)?.secondary.sudo).toBe('sudo')
    expect(bridge.store.pairs.get(pairId)?.primary).toMatchObject({ user: simA.primary.user, sudo: 'none' })
    // reopened: the logins differ, so the form opens with per-node fields; back to one login for both
    await tid('edit-pair').click()
    await expect.poll(() => tid('f-s-user').inputValue()).toBe('nsm')
    expect(await tid('f-same-login').isChecked()).toBe(false)
    await tid('f-same-login').check()
    expect(await tid('f-s-user').count()).toBe(0)
    await tid('f-save').click()
    await tid('edit-pair').waitFor()
    await expect.poll(() => bridge.store.pairs.get(pairId)?.secondary.user).toBe(simA.primary.user)
    expect(bridge.store.pairs.get(pairId)?.secondary.sudo).toBe('none')
    // the secondary's user changed (nsm): its stored password went with it — a stored password only goes
    // to the host, port and user it was typed for; the primary's is kept
    expect(await bridge.store.pairs.hasSecret(pairId, 'secondary', 'password')).toBe(false)
    expect(await bridge.store.pairs.hasSecret(pairId, 'primary', 'password')).toBe(true)
  }, 60_000)

  it('a changed host key: CHANGED in test connection, the run refuses, the pin is replaced only by typing the host', async () => {
    proxyP.retarget(simB.primary.host, simB.primary.port)
    await tid('edit-pair').click()
    await tid('f-test').click()
    await tid('test-result').waitFor({ timeout: 30_000 })
    expect(await tid('test-hostkey').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['changed', 'match'])
    expect(await tid('test-result').textContent()).toContain('CHANGED')
    await tid('f-name').waitFor()
    await page.getByRole('button', { name: 'Cancel' }).click()

    await tid('run').click()
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 90_000 })
    const banner = tid('hostkey-banner')
    await banner.waitFor()
    expect(await banner.textContent()).toContain('CHANGED')
    const refused = bridge.store.history.getRun(bridge.store.history.listRuns({ pairId }, { limit: 1 }).items[0].id)
    expect(refused?.nodes.primary.reachable).toBe(false)
    expect(refused?.nodes.primary.error).toMatch(/CHANGED/)

    await tid('hk-review').click()
    const dialog = tid('hostkey-dialog')
    await dialog.waitFor({ timeout: 30_000 })
    const warn = dialog.getByTestId('hk-changed')
    expect(await warn.getAttribute('role')).toBe('alert')
    expect(await warn.getByTestId('hk-old').textContent()).toBe(simA.primary.hostKeySha256)
    expect(await warn.getByTestId('hk-new').textContent()).toBe(simB.primary.hostKeySha256)
    expect(await warn.textContent()).toMatch(/reinstalled/)
    expect(await warn.textContent()).toMatch(/man-in-the-middle/)
    expect(await warn.getByTestId('hk-replace').isDisabled()).toBe(true)
    await warn.getByTestId('hk-confirm').fill('127.0.0.2')
    expect(await warn.getByTestId('hk-replace').isDisabled()).toBe(true)
    expect(bridge.store.hostKeys.get(host, proxyP.port)).toBe(simA.primary.hostKeySha256)
    // both nodes answer on 127.0.0.1: the host name alone does not say which pin; host:port or the role does
    expect(await warn.textContent()).toContain(`Both nodes answer on ${host}`)
    await warn.getByTestId('hk-confirm').fill(host)
    expect(await warn.getByTestId('hk-replace').isDisabled()).toBe(true)
    await warn.getByTestId('hk-confirm').fill(`${host}:${proxyS.port}`)
    expect(await warn.getByTestId('hk-replace').isDisabled()).toBe(true)
    await warn.getByTestId('hk-confirm').fill('primary')
    expect(await warn.getByTestId('hk-replace').isDisabled()).toBe(false)
    await warn.getByTestId('hk-confirm').fill(`${host}:${proxyP.port}`)
    await warn.getByTestId('hk-replace').click()
    await warn.getByTestId('hk-done').waitFor()
    expect(bridge.store.hostKeys.get(host, proxyP.port)).toBe(simB.primary.hostKeySha256)
    await tid('hk-close').click()
    await tid('hk-rerun').click()
    await tid('verdict').waitFor({ timeout: 90_000 })
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 90_000 })
    const again = bridge.store.history.getRun(bridge.store.history.listRuns({ pairId }, { limit: 1 }).items[0].id)
    expect(again?.nodes.primary.hostKeySha256).toBe(simB.primary.hostKeySha256)
    expect(await tid('hostkey-banner').count()).toBe(0)
  }, 240_000)

  it('a pair saved without pins (e.g. by the CLI): the run refuses both nodes, the run view offers the dialog, Trust, re-run connects', async () => {
    const cfg = simB.pairConfig('cli pair')
    const id = bridge.store.pairs.save(cfg).id
    for (const role of ['primary', 'secondary'] as const) await bridge.store.pairs.setSecret(id, role, 'password', simB.secrets.password)
    await page.reload()
    await page.waitForSelector('body[data-app-ready="1"]')
    await tid('pair').filter({ hasText: 'cli pair' }).click()
    await tid('run').click()
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 90_000 })
    const banner = tid('hostkey-banner')
    await banner.waitFor()
    expect(await banner.textContent()).toContain('not confirmed')
    expect(bridge.store.hostKeys.get(cfg.primary.host, cfg.primary.port)).toBeUndefined()
    await tid('hk-review').click()
    const dialog = tid('hostkey-dialog')
    await dialog.waitFor({ timeout: 30_000 })
    expect(await dialog.getByTestId('hk-fingerprint').allTextContents()).toEqual([simB.primary.hostKeySha256, simB.secondary.hostKeySha256])
    await dialog.getByTestId('hk-trust').first().click()
    await dialog.getByTestId('hk-done').first().waitFor()
    await dialog.getByTestId('hk-trust').click()
    await expect.poll(() => dialog.getByTestId('hk-done').count()).toBe(2)
    await tid('hk-close').click()
    await tid('hk-rerun').click()
    await tid('verdict').waitFor({ timeout: 90_000 })
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 90_000 })
    const run = bridge.store.history.getRun(bridge.store.history.listRuns({ pairId: id }, { limit: 1 }).items[0].id)
    expect([run?.nodes.primary.reachable, run?.nodes.secondary.reachable]).toEqual([true, true])
    expect(await tid('hostkey-banner').count()).toBe(0)
    // back to the pair the next test deletes
    await tid('pair').filter({ hasText: 'lab pair renamed' }).click()
  }, 180_000)

  it('deletes the pair after a confirmation naming it: gone from the sidebar, SQLite, pins and keychain', async () => {
    expect(bridge.store.history.listRuns({ pairId }, { limit: 10 }).items.length).toBeGreaterThan(0)
    const keychain = keyring.available ? new CredentialStore() : undefined
    if (keychain) {
      expect(bridge.store.secretsAvailable).toBe(true)
      expect(await keychain.has({ pairId, role: 'primary', kind: 'password' })).toBe(true)
    }
    await tid('edit-pair').click()
    // the confirmation opens on "Keep it"; Escape keeps the pair
    await tid('f-delete').click()
    await tid('delete-dialog').waitFor()
    expect(await page.evaluate("document.activeElement && document.activeElement.getAttribute('data-testid')")).toBe('f-delete-keep')
    await page.keyboard.press('Escape')
    await expect.poll(() => tid('delete-dialog').count()).toBe(0)
    expect(bridge.store.pairs.get(pairId)).toBeDefined()
    await tid('f-delete').click()
    const confirm = tid('delete-dialog')
    await confirm.waitFor()
    expect(await confirm.textContent()).toContain('Delete “lab pair renamed”?')
    await tid('f-delete-confirm').click()
    await expect.poll(() => tid('pair').filter({ hasText: 'lab pair' }).count()).toBe(0)
    expect(bridge.store.pairs.get(pairId)).toBeUndefined()
    expect(bridge.store.pairs.getByName('lab pair renamed')).toBeUndefined()
    expect(bridge.store.history.listRuns({ pairId }, { limit: 10 }).items).toEqual([])
    expect(bridge.store.hostKeys.get(host, proxyP.port)).toBeUndefined()
    expect(bridge.store.hostKeys.get(host, proxyS.port)).toBeUndefined()
    for (const role of ['primary', 'secondary'] as const) expect(await bridge.store.pairs.hasSecret(pairId, role, 'password')).toBe(false)
    // the OS keychain itself, read through a store of its own
    if (keychain)
      for (const role of ['primary', 'secondary'] as const) expect(await keychain.has({ pairId, role, kind: 'password' })).toBe(false)
    expect(errors).toEqual([])
  }, 60_000)
})
