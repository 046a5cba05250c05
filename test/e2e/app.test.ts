/**
 * End to end in Debian Chromium: the built renderer (out/renderer) with the real main-process handlers
 * bridged in (test/e2e/bridge.ts), a temp data dir, the simulator pair as target.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Page } from 'playwright-core'
import { CHECK_IDS, checkDefinition, type CheckId, type CheckStatus } from '../../src-main/shared/domain/check'
import { expectedStatuses } from '../../src-main/shared/domain/scenario'
import { FIXES } from '../../src-main/shared/domain/fix'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'

const gate = requireChromium()

/** Every check row's status by check id, as the run view shows them. */
async function shownStatuses(page: Page): Promise<Record<string, string | null>> {
  const rows = await page
    .getByTestId('check')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('data-id'), e.getAttribute('data-status')] as const))
  return Object.fromEntries(rows.map(([id, status]) => [id ?? '', status]))
}

describe.skipIf(!gate.available)('desktop UI in Chromium', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    session = await startAppSession('nsm-ui-e2e-', errors)
    ;({ bridge, page } = session)
  }, 60_000)

  afterAll(async () => {
    await session?.close()
  })

  it('first start offers the demo pair; runs the healthy scenario with live results grouped by step', async () => {
    expect(await page.getByTestId('demo-offer').textContent()).toContain('First start')
    await page.getByTestId('demo-start').click()
    await page.getByTestId('pair').first().waitFor()
    await page.getByTestId('run').click()
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 })
    // every check, with exactly the status the scenario oracle names for a healthy pair
    expect(await shownStatuses(page)).toEqual(expectedStatuses('healthy'))
    expect(await page.locator('h2', { hasText: /^Step 1$/ }).count()).toBe(1)
    // evidence and why expand
    await page.getByTestId('check').first().locator('button.row').click()
    expect(await page.locator('.why').first().textContent()).toContain('Why this matters')
  }, 90_000)

  it('a broken scenario shows failures, the comparison, the config diff and the timeline', async () => {
    await page.getByTestId('scenario').selectOption('peer-services-down')
    await page.getByTestId('demo-start').click()
    await page.getByText('Demo pair running: peer-services-down').waitFor({ timeout: 60_000 })
    await page.getByTestId('run').click()
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60_000 })
    expect(await shownStatuses(page)).toEqual(expectedStatuses('peer-services-down'))
    await page.getByTestId('tab-compare').click()
    expect(await page.getByTestId('compare').locator('tr').count()).toBeGreaterThan(10)
    await page.getByTestId('tab-diff').click()
    await page.getByTestId('config-diff').waitFor()
    expect(await page.getByTestId('config-diff').locator('tbody tr').count()).toBeGreaterThan(3)
    const seen = [await page.content()]
    await page.getByTestId('tab-timeline').click()
    await page.getByTestId('timeline').waitFor()
    expect(await page.locator('table.events tbody tr').count()).toBeGreaterThan(0)
    seen.push(await page.content())
    await page.getByTestId('tab-run').click()
    seen.push(await page.content())
    // renderer-visible data holds no secret: read the demo nodes' real HMAC key and one-time password
    // from the simulator's files (the demo pair's NSM home is <dir>/nsm/usr/netscreen) and look for them
    const demo = bridge.services.demo.demoStatus()
    const home = demo.pairId !== undefined ? bridge.store.pairs.get(demo.pairId)?.paths.nsmHome : undefined
    const dir = home?.replace(/\/nsm\/usr\/netscreen$/, '')
    expect(dir, 'demo pair paths').toBeTruthy()
    const value = (file: string, key: string): string =>
      readFileSync(join(dir as string, 'primary/usr/netscreen', file), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${key} `))
        ?.slice(key.length + 1)
        .trim() ?? ''
    const secrets = [value('HaSvr/var/haSvr.cfg', 'highAvail.HMACKey'), value('GuiSvr/var/guiSvr.cfg', 'guiSvr.clientOneTimePassword')]
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5)
      for (const html of seen) expect(html).not.toContain(secret)
    }
  }, 90_000)

  it('history lists both runs with a trend chart and compares two', async () => {
    await page.getByTestId('tab-history').click()
    await page.getByTestId('trend-chart').waitFor()
    const rows = page.getByTestId('run-list').locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    await rows.nth(0).locator('input').check()
    await rows.nth(1).locator('input').check()
    await page.getByTestId('run-compare').waitFor()
    // exactly the checks whose status differs between the healthy and the peer-services-down run, each
    // with both statuses (in either column order)
    const healthy = expectedStatuses('healthy')
    const down = expectedStatuses('peer-services-down')
    const pairOf = (a: CheckStatus | string, b: CheckStatus | string): string => [a, b].sort().join(' / ')
    const want = CHECK_IDS.filter((id: CheckId) => healthy[id] !== down[id]).map(
      (id) => `${checkDefinition(id).title}: ${pairOf(healthy[id], down[id])}`
    )
    const cmpRows = page.getByTestId('run-compare').locator('tbody tr')
    const shown: string[] = []
    for (let i = 0; i < (await cmpRows.count()); i++) {
      const [title, a, b] = (await cmpRows.nth(i).locator('td').allTextContents()).map((t) => t.trim())
      shown.push(`${title}: ${pairOf(a, b)}`)
    }
    expect(shown.sort()).toEqual(want.sort())
  }, 60_000)

  it('adds a pair through the form (the secret goes to the store, never back)', async () => {
    await page.getByTestId('add-pair').click()
    await page.getByTestId('f-name').fill('lab pair')
    await page.getByTestId('f-p-host').fill('127.0.0.21')
    await page.getByTestId('f-s-host').fill('127.0.0.22')
    await page.getByTestId('f-password').fill('s3cret-pw')
    await page.getByTestId('f-save').click()
    await page.getByText('lab pair').first().waitFor()
    const id = bridge.store.pairs.getByName('lab pair')?.id
    expect(id).toBeDefined()
    expect(await bridge.store.pairs.hasSecret(id as number, 'primary', 'password')).toBe(true)
    // the API has no way to read it back
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { api: { secrets: object } }).api.secrets).sort())).toEqual([
      'clear',
      'has',
      'set'
    ])
    expect(errors).toEqual([])
  }, 30_000)

  it('applies a fix through the wizard: plan preview, live output, outcome and re-check', async () => {
    await page.getByTestId('pair').filter({ hasText: 'Demo pair' }).click()
    await page.getByTestId('scenario').selectOption('write-to-log-off')
    await page.getByTestId('demo-start').click()
    await page.getByText('Demo pair running: write-to-log-off').waitFor({ timeout: 60_000 })
    await page.getByTestId('run').click()
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60_000 })
    await page.locator('[data-testid="check"]:not([data-status="pass"]):not([data-status="skipped"]) button.row').first().click()
    await page.getByTestId('fix-link').first().click()
    const wizard = page.getByTestId('fix-wizard')
    await wizard.locator('pre').first().waitFor()
    expect(await wizard.textContent()).toContain('Commands per node')
    const confirm = page.getByTestId('fix-confirm')
    if (await confirm.count()) await confirm.fill('Demo pair (simulator)')
    await page.getByTestId('fix-apply').click()
    await page.getByTestId('fix-outcome').waitFor({ timeout: 120_000 })
    // the missing ha.log is "not yet" (HA restarts later), not a regression; the restart is offered next
    const outcome = (await page.getByTestId('fix-outcome').textContent()) ?? ''
    expect(outcome).toMatch(/^succeeded: .* done; cfg\.write-to-log pass; next: fix\.restart-ha \(/)
    expect(outcome).not.toMatch(/regress/i)
    expect(await page.getByTestId('fix-output').textContent()).not.toBe('')
    // the next fix by its title, with a button that opens it (on the re-checked run)
    const restart = FIXES.find((f) => f.id === 'fix.restart-ha')!.title
    expect(await page.getByTestId('fix-next').textContent()).toContain(`Next: ${restart}`)
    await page.getByTestId('fix-next-open').click()
    await expect.poll(() => page.locator('#fix-title').textContent(), { timeout: 30_000 }).toBe(restart)
    expect(await page.getByTestId('fix-impact').textContent()).toMatch(/stops and starts on/)
    await page.keyboard.press('Escape')
  }, 180_000)
})
