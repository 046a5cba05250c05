/**
 * Fix options in the wizard, in Chromium with the real handlers bridged, the simulator as target and
 * SQLite in a temp dir: on hmac-mismatch the admin picks the source node, main rebuilds the plan (the
 * preview shows which node is source and target and the commands move with it), the fix is applied and
 * the re-check passes; the secondary's key on disk is then the primary's (the option reached main).
 * Without a browser: the options are validated by the channel's schema.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Locator, type Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { demoCfgValue, demoSecrets } from './demo-secrets'
import { createApp } from '../../src-main/main/app/services'
import { registerAllIpc } from '../../src-main/main/ipc/register'

const gate = requireChromium()
const HA = 'HaSvr/var/haSvr.cfg'
const KEY = 'highAvail.HMACKey'

/** node of the step whose title starts with `title` in the preview */
const stepNode = (wizard: Locator, title: string): Promise<string | null> =>
  wizard.getByTestId('fix-steps').locator('.step-cmd', { hasText: title }).first().getAttribute('data-node')

describe.skipIf(!gate.available)('fix options in the wizard (Chromium, simulator, SQLite)', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    session = await startAppSession('nsm-ui-fixopts-', errors)
    ;({ bridge, page } = session)
  }, 60_000)

  afterAll(async () => {
    await session?.close()
  })

  it('hmac-mismatch: the source node chosen in the wizard drives the plan; applied, the key is copied that way and the re-check passes', async () => {
    await page.getByTestId('scenario').selectOption('hmac-mismatch')
    await page.getByTestId('demo-start').click()
    await page.getByTestId('pair').first().waitFor({ timeout: 60_000 })
    await page.getByTestId('run').click()
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 })
    const hmacCheck = page.locator('[data-testid="check"][data-id="cfg.hmac-key"]')
    expect(await hmacCheck.getAttribute('data-status')).toBe('fail')
    const before = {
      primary: demoCfgValue(bridge, 'primary', HA, KEY),
      secondary: demoCfgValue(bridge, 'secondary', HA, KEY)
    }
    expect(before.primary).not.toBe(before.secondary)

    await hmacCheck.locator('button.row').click()
    await hmacCheck.getByTestId('fix-link').filter({ hasText: 'HMAC' }).click()
    const wizard = page.getByTestId('fix-wizard')
    await wizard.getByTestId('fix-blockers').waitFor()
    // nothing chosen: not ready, no roles, Apply disabled
    expect(await wizard.getByTestId('fix-blockers').textContent()).toContain('choose the node')
    expect(await wizard.getByTestId('fix-roles').count()).toBe(0)
    expect(await page.getByTestId('fix-apply').isDisabled()).toBe(true)

    // source secondary: read on the secondary, written on the primary
    await wizard.getByTestId('opt-source-secondary').check()
    await wizard.locator('[data-testid="fix-roles"] [data-role="source"][data-node="secondary"]').waitFor()
    expect(await wizard.locator('[data-testid="fix-roles"] [data-role="target"]').getAttribute('data-node')).toBe('primary')
    expect(await stepNode(wizard, 'Read highAvail.HMACKey')).toBe('secondary')
    expect(await stepNode(wizard, 'Write the key')).toBe('primary')
    expect(await wizard.getByTestId('fix-blockers').count()).toBe(0)

    // source primary: the preview flips
    await wizard.getByTestId('opt-source-primary').check()
    await wizard.locator('[data-testid="fix-roles"] [data-role="source"][data-node="primary"]').waitFor()
    expect(await wizard.locator('[data-testid="fix-roles"] [data-role="target"]').getAttribute('data-node')).toBe('secondary')
    expect(await stepNode(wizard, 'Read highAvail.HMACKey')).toBe('primary')
    expect(await stepNode(wizard, 'Write the key')).toBe('secondary')
    expect(await wizard.textContent()).toContain('Back up haSvr.cfg on the secondary')
    // the preview never shows a key
    const html = await wizard.innerHTML()
    for (const s of demoSecrets(bridge)) expect(html.includes(s)).toBe(false)

    // a wait outside 5–3600 s blocks Apply until corrected
    await wizard.getByTestId('opt-wait').fill('2')
    expect(await page.getByTestId('fix-apply').isDisabled()).toBe(true)
    await wizard.getByTestId('opt-wait').fill('60')
    await page.locator('[data-testid="fix-apply"]:not([disabled])').waitFor()

    // align-hmac-key is not destructive: no typed confirmation is asked (destructive fixes ask for the pair name)
    const confirm = wizard.getByTestId('fix-confirm')
    if (await confirm.count()) await confirm.fill('Demo pair (simulator)')
    await page.getByTestId('fix-apply').click()
    await page.getByTestId('fix-outcome').waitFor({ timeout: 150_000 })
    expect(await page.getByTestId('fix-outcome').textContent()).toMatch(/^succeeded/)
    expect(await page.getByTestId('fix-recheck').textContent()).toContain('still failing none')

    // the key went from the primary to the secondary
    expect(demoCfgValue(bridge, 'secondary', HA, KEY)).toBe(before.primary)
    expect(demoCfgValue(bridge, 'primary', HA, KEY)).toBe(before.primary)
    // the output streamed to the page holds no key
    const out = (await page.getByTestId('fix-output').textContent()) ?? ''
    expect(out).not.toBe('')
    expect(out.includes(before.primary) || out.includes(before.secondary)).toBe(false)

    // closing opens the re-check run: the HMAC check passes
    await page.getByTestId('fix-close').click()
    await expect
      .poll(() => page.locator('[data-testid="check"][data-id="cfg.hmac-key"]').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('pass')
    expect(errors).toEqual([])
  }, 240_000)

  it('db-panic: the target node option of resync-standby — the active node as target is refused live; the standby, confirmed by typing the pair name, is re-synced', async () => {
    await page.getByTestId('scenario').selectOption('db-panic')
    await page.getByTestId('demo-start').click()
    await page.getByText('Demo pair running: db-panic').waitFor({ timeout: 60_000 })
    await page.getByTestId('run').click()
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60_000 })
    const openWizard = async (): Promise<Locator> => {
      const check = page.locator('[data-testid="check"][data-id="db.panic"]')
      expect(await check.getAttribute('data-status')).toBe('fail')
      if ((await check.locator('button.row').getAttribute('aria-expanded')) !== 'true') await check.locator('button.row').click()
      await check.getByTestId('fix-link').filter({ hasText: 'Re-synchronise' }).click()
      const w = page.getByTestId('fix-wizard')
      await w.getByTestId('fix-roles').waitFor()
      return w
    }
    let wizard = await openWizard()
    // default: the standby of the last run (the secondary) is the target
    expect(await wizard.getByTestId('opt-target-default').isChecked()).toBe(true)
    expect(await wizard.locator('[data-testid="fix-roles"] [data-role="target"]').getAttribute('data-node')).toBe('secondary')
    // the primary (active) as target: the preview follows, its precondition is shown as not met
    await wizard.getByTestId('opt-target-primary').check()
    await wizard.locator('[data-testid="fix-roles"] [data-role="target"][data-node="primary"]').waitFor()
    expect(await stepNode(wizard, 'Stop')).toBe('primary')
    expect(await wizard.locator('ul.pre li.bad').first().textContent()).toContain('the target node (primary) is not the active node')
    // destructive: Apply only once the pair name is typed exactly
    expect(await page.getByTestId('fix-apply').isDisabled()).toBe(true)
    await wizard.getByTestId('fix-confirm').fill('Demo pair')
    expect(await page.getByTestId('fix-apply').isDisabled()).toBe(true)
    await wizard.getByTestId('fix-confirm').fill('Demo pair (simulator)')
    await page.getByTestId('fix-apply').click()
    await page.getByTestId('fix-outcome').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('fix-outcome').textContent()).toMatch(/^refused: .*target node is the active node/)
    await page.getByTestId('fix-close').click()
    await page.getByTestId('fix-wizard').waitFor({ state: 'detached' })

    // again with the default target (the standby) and a shorter wait
    wizard = await openWizard()
    expect(await wizard.locator('[data-testid="fix-roles"] [data-role="target"]').getAttribute('data-node')).toBe('secondary')
    expect(await stepNode(wizard, 'Stop')).toBe('secondary')
    await wizard.getByTestId('opt-wait').fill('60')
    await wizard.getByTestId('fix-confirm').fill('Demo pair (simulator)')
    await page.locator('[data-testid="fix-apply"]:not([disabled])').click()
    await page.getByTestId('fix-outcome').waitFor({ timeout: 180_000 })
    expect(await page.getByTestId('fix-outcome').textContent()).toMatch(/^succeeded/)
    expect(await page.getByTestId('fix-recheck').textContent()).toContain('still failing none')
    await page.getByTestId('fix-close').click()
    await expect
      .poll(() => page.locator('[data-testid="check"][data-id="db.panic"]').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('pass')
    expect(errors).toEqual([])
  }, 300_000)
})

describe('fixes:plan options through the real handler (schema + plan)', () => {
  it('sourceNode changes the plan; unknown option keys, bad nodes and out-of-range waits are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nsm-ui-fixopts-ipc-'))
    const app = await createApp({ dir })
    try {
      const demo = await app.services.demo.demoStart('hmac-mismatch')
      const pairId = demo.pairId as number
      const { runId } = await app.services.runs.start(pairId, () => undefined)
      const handlers = new Map<string, (a: unknown) => Promise<unknown>>()
      registerAllIpc({ handle: (c, fn) => void handlers.set(c, fn) }, app.services, () => undefined)
      const plan = handlers.get('fixes:plan') as (
        a: unknown
      ) => Promise<{ ready: boolean; steps: { id: string; node: string }[]; options: object }>
      const base = { pairId, fixId: 'fix.align-hmac-key', runId }
      expect((await plan(base)).ready).toBe(false)
      const p = await plan({ ...base, options: { sourceNode: 'primary' } })
      const s = await plan({ ...base, options: { sourceNode: 'secondary', waitSeconds: 30 } })
      expect([p.ready, s.ready]).toEqual([true, true])
      expect(p.steps.find((x) => x.id === 'read-key')?.node).toBe('primary')
      expect(s.steps.find((x) => x.id === 'read-key')?.node).toBe('secondary')
      expect(s.options).toEqual({ sourceNode: 'secondary', waitSeconds: 30 })
      for (const options of [{ sourceNode: 'jump' }, { waitSeconds: 1 }, { waitSeconds: 99999 }, { command: 'rm -rf /' }]) {
        await expect(plan({ ...base, options })).rejects.toMatchObject({ code: 'invalid-args' })
      }
      const apply = handlers.get('fixes:apply') as (a: unknown) => Promise<unknown>
      await expect(apply({ ...base, options: { sourceNode: 'primary', steps: [] } })).rejects.toMatchObject({ code: 'invalid-args' })
    } finally {
      await app.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
