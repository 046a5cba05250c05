/**
 * The app driven by keyboard only (Chromium, real handlers bridged, the simulator as target, SQLite in a
 * temp dir): Ctrl+R / F5 run the checks (no page reload), Ctrl+1..5 and ←/→ switch views, j/k/↓/↑ walk
 * the checks and Enter opens the evidence, ? opens the help (focus trapped, Esc closes it and gives focus
 * back), Tab reaches a fix and Enter opens the wizard, Esc closes it and focus returns to the fix button;
 * shortcuts stay off while a dialog is open and while typing in a field. The demo pair is started
 * through the services (setup); everything after page load is keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'

const gate = requireChromium()

/** data-testid (or role / tag) of the focused element, and whether it is inside a testid'd ancestor */
const focused = (page: Page): Promise<{ testid: string | null; check: string | null; inWizard: boolean; inHelp: boolean; tag: string }> =>
  page.evaluate(() => {
    // (DOM types are not in the node tsconfig: the few members used here)
    interface El {
      tagName: string
      getAttribute(n: string): string | null
      closest(s: string): El | null
    }
    const a = (globalThis as unknown as { document: { activeElement: El | null } }).document.activeElement
    return {
      testid: a?.getAttribute('data-testid') ?? null,
      check: a?.closest('[data-testid="check"]')?.getAttribute('data-id') ?? null,
      inWizard: !!a?.closest('[data-testid="fix-wizard"]'),
      inHelp: !!a?.closest('[data-testid="shortcut-help"]'),
      tag: a?.tagName ?? ''
    }
  })

/** press Tab (at most 80 times) until the element with this data-testid has the focus */
async function tabTo(page: Page, testid: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if ((await focused(page)).testid === testid) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${testid}`)
}

describe.skipIf(!gate.available)('keyboard navigation (Chromium, simulator, SQLite)', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  const errors: string[] = []
  const runs = async (): Promise<number> =>
    bridge.store.history.listRuns({ pairId: bridge.services.demo.demoStatus().pairId as number }, { limit: 50 }).items.length

  beforeAll(async () => {
    session = await startAppSession('nsm-ui-keys-', errors, async (b) => void (await b.services.demo.demoStart('peer-services-down')))
    ;({ bridge, page } = session)
    await page.getByTestId('run').waitFor()
  }, 60_000)

  afterAll(async () => {
    await session?.close()
  })

  it('Ctrl+R and F5 run the checks without reloading the page', async () => {
    await page.evaluate(() => ((globalThis as unknown as { __keep: number }).__keep = 42))
    expect(await runs()).toBe(0)
    await page.keyboard.press('Control+r')
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 })
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60_000 })
    expect(await runs()).toBe(1)
    await page.keyboard.press('F5')
    await expect.poll(runs, { timeout: 60_000 }).toBe(2)
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60_000 })
    expect(await page.evaluate(() => (globalThis as unknown as { __keep?: number }).__keep)).toBe(42)
  }, 150_000)

  it('Ctrl+1..5 switch the views; ← → move between tabs', async () => {
    const selected = (): Promise<string | null> => page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-testid')
    for (const [key, tab, testid] of [
      ['2', 'tab-compare', 'compare'],
      ['3', 'tab-diff', 'config-diff'],
      ['4', 'tab-timeline', 'timeline'],
      ['5', 'tab-history', 'trend-chart'],
      ['1', 'tab-run', 'verdict']
    ] as const) {
      await page.keyboard.press(`Control+${key}`)
      await page.getByTestId(testid).waitFor()
      expect(await selected()).toBe(tab)
    }
    // on a tab, the arrows move between views (and keep focus on the tabs)
    await page.keyboard.press('Control+2')
    await page.getByTestId('compare').waitFor()
    await tabTo(page, 'tab-compare')
    await page.keyboard.press('ArrowRight')
    await page.getByTestId('config-diff').waitFor()
    expect((await focused(page)).testid).toBe('tab-diff')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    await page.getByTestId('verdict').waitFor()
    expect((await focused(page)).testid).toBe('tab-run')
  }, 30_000)

  it('j / k / arrows walk the checks, Enter opens and closes the evidence', async () => {
    const ids = await page.getByTestId('check').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    expect(ids.length).toBeGreaterThan(5)
    await page.keyboard.press('j')
    expect((await focused(page)).check).toBe(ids[0])
    await page.keyboard.press('j')
    await page.keyboard.press('ArrowDown')
    expect((await focused(page)).check).toBe(ids[2])
    await page.keyboard.press('k')
    expect((await focused(page)).check).toBe(ids[1])
    const row = page.locator(`[data-testid="check"][data-id="${ids[1]}"]`)
    expect(await row.locator('button.row').getAttribute('aria-expanded')).toBe('false')
    await page.keyboard.press('Enter')
    await row.locator('.details .why').waitFor()
    expect(await row.locator('button.row').getAttribute('aria-expanded')).toBe('true')
    await page.keyboard.press('Enter')
    expect(await row.locator('.details').count()).toBe(0)
    await page.keyboard.press('End')
    expect((await focused(page)).check).toBe(ids[ids.length - 1])
    await page.keyboard.press('Home')
    expect((await focused(page)).check).toBe(ids[0])
    // the focused row shows a focus ring
    const outline = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { activeElement: unknown }; getComputedStyle(e: unknown): { outlineStyle: string } }
      return g.getComputedStyle(g.document.activeElement).outlineStyle
    })
    expect(outline).toBe('solid')
  }, 30_000)

  it('? opens the help with focus inside; Tab stays inside; Esc closes it and gives focus back', async () => {
    expect((await focused(page)).check).not.toBeNull()
    const before = (await focused(page)).check
    await page.keyboard.press('?')
    await page.getByTestId('shortcut-help').waitFor()
    expect(await page.getByTestId('shortcut-help').textContent()).toContain('Run checks')
    expect((await focused(page)).inHelp).toBe(true)
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab')
      expect((await focused(page)).inHelp).toBe(true)
    }
    await page.keyboard.press('Shift+Tab')
    expect((await focused(page)).inHelp).toBe(true)
    // shortcuts are off while the dialog is open
    await page.keyboard.press('Control+3')
    expect(await page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-testid')).toBe('tab-run')
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('shortcut-help').count()).toBe(0)
    expect((await focused(page)).check).toBe(before)
  }, 30_000)

  it('Tab reaches a fix, Enter opens the wizard (focus trapped, shortcuts off), Esc closes it and focus returns', async () => {
    // walk to the failing ha.services check (its fix: restart HA in order)
    const ids = await page.getByTestId('check').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    const target = ids.indexOf('ha.services')
    expect(target).toBeGreaterThanOrEqual(0)
    await page.keyboard.press('Home')
    for (let i = 0; i < target; i++) await page.keyboard.press('j')
    expect((await focused(page)).check).toBe('ha.services')
    await page.keyboard.press('Enter')
    await page.locator('[data-testid="check"][data-id="ha.services"] [data-testid="fix-link"]').waitFor()
    await page.keyboard.press('Tab')
    expect((await focused(page)).testid).toBe('fix-link')
    await page.keyboard.press('Enter')
    await page.getByTestId('fix-wizard').locator('pre').first().waitFor()
    expect((await focused(page)).inWizard).toBe(true)
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      expect((await focused(page)).inWizard).toBe(true)
    }
    await page.keyboard.press('?')
    await page.keyboard.press('j')
    expect(await page.getByTestId('shortcut-help').count()).toBe(0)
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('fix-wizard').count()).toBe(0)
    const f = await focused(page)
    expect([f.testid, f.check]).toEqual(['fix-link', 'ha.services'])
    expect(await runs()).toBe(2)
  }, 60_000)

  it('shortcuts stay off while typing in a field', async () => {
    // the pair form: Tab to "Add pair", Enter, Tab to the name field and type
    await tabTo(page, 'add-pair')
    await page.keyboard.press('Enter')
    await page.getByTestId('f-name').waitFor()
    await tabTo(page, 'f-name')
    await page.keyboard.type('j?k 1')
    await page.keyboard.press('Control+1')
    await page.keyboard.press('Control+r')
    expect(await page.getByTestId('f-name').inputValue()).toBe('j?k 1')
    expect(await page.getByTestId('shortcut-help').count()).toBe(0)
    expect(await page.getByTestId('f-name').count()).toBe(1)
    expect(await runs()).toBe(2)
    expect(errors).toEqual([])
  }, 30_000)
})
