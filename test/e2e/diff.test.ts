/**
 * The Config diff view on a large file, end to end in Chromium: a simulated pair whose guiSvr.cfg holds
 * 600 extra settings with a few differences between the nodes, checked through the real handlers. Large
 * files open on their flagged keys, "show all" brings every key back, and the raw diff folds unchanged
 * runs into gaps that expand on click.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession } from './bridge'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import type { NodeRole } from '../../src-main/shared/domain/check'
import type { PairConfig } from '../../src-main/shared/domain/pair'

const gate = requireChromium()

const EXTRA = 600
const extra = (role: NodeRole): string => {
  const lines: string[] = []
  for (let i = 0; i < EXTRA; i++)
    lines.push(`guiSvr.bulk${String(i).padStart(4, '0')}.value ${role === 'secondary' && i % 200 === 50 ? 'changed' : i}`)
  // a must-match key (its name says port) present on one node only: flagged
  if (role === 'secondary') lines.push('guiSvr.bulkExtra.port 4711')
  return `${lines.join('\n')}\n`
}

describe.skipIf(!gate.available)('Config diff view on a large file', () => {
  let session: AppSession
  let page: Page
  let sim: SimPair

  beforeAll(async () => {
    sim = await startSimPair({ scenario: 'healthy' })
    for (const role of ['primary', 'secondary'] as const) {
      const f = join(sim[role].root, 'usr/netscreen/GuiSvr/var/guiSvr.cfg')
      writeFileSync(f, readFileSync(f, 'utf8') + extra(role))
    }
    session = await startAppSession('nsm-ui-diff-', [], async (bridge) => {
      const cfg = sim.pairConfig('Large config pair')
      const ep = (role: NodeRole): PairConfig['primary'] => ({
        ...cfg[role],
        auth: 'key',
        identityFile: sim[role].clientKeyPath,
        sudo: 'none'
      })
      bridge.store.pairs.save({ ...cfg, primary: ep('primary'), secondary: ep('secondary') })
      for (const role of ['primary', 'secondary'] as const)
        bridge.store.hostKeys.pin(sim[role].host, sim[role].port, sim[role].hostKeySha256)
    })
    page = session.page
  }, 60_000)

  afterAll(async () => {
    await session?.close()
    await sim?.stop()
  })

  it('opens on the flagged keys, shows all on request, and folds unchanged raw lines', async () => {
    await page.getByTestId('pair').filter({ hasText: 'Large config pair' }).click()
    await page.getByTestId('run').click()
    await page.getByTestId('verdict').waitFor({ timeout: 90_000 })
    await page.getByTestId('tab-diff').click()
    await page.getByTestId('config-diff').waitFor()
    await page.locator('.toolbar button', { hasText: /^guiSvr\.cfg$/ }).click()
    const table = page.getByTestId('config-diff').locator('tbody tr')
    await page.getByTestId('diff-show-all').waitFor()
    // only differing keys are shown: the 3 changed may-differ values (not flagged) and the one-sided port (flagged)
    const keys = await table.locator('td:first-child').allTextContents()
    expect(keys.filter((k) => k.includes('bulk'))).toEqual([
      'guiSvr.bulk0050.value',
      'guiSvr.bulk0250.value',
      'guiSvr.bulk0450.value',
      'guiSvr.bulkExtra.port'
    ])
    expect(keys.length).toBeLessThan(50)
    const flagged = await page.getByTestId('config-diff').locator('tbody tr.differ td:first-child').allTextContents()
    expect(flagged).toContain('guiSvr.bulkExtra.port')
    expect(flagged).not.toContain('guiSvr.bulk0250.value')
    // show all: every key of the file, the same ones flagged
    await page.getByTestId('diff-show-all').check()
    await expect.poll(() => table.count()).toBeGreaterThan(EXTRA)
    expect(await page.getByTestId('config-diff').locator('tbody tr.differ td:first-child').allTextContents()).toEqual(flagged)
    // the raw diff: the changed lines are visible, an unchanged line far from them is folded until its gap opens
    const raw = page.getByTestId('raw-diff')
    expect(await raw.textContent()).toContain('+ guiSvr.bulk0250.value changed')
    expect(await raw.textContent()).not.toContain('guiSvr.bulk0150.value 150')
    const gaps = page.getByTestId('diff-gap')
    expect(await gaps.count()).toBeGreaterThanOrEqual(3)
    const before = await gaps.count()
    await gaps.nth(1).click()
    expect(await gaps.count()).toBe(before - 1)
    expect(await raw.textContent()).toContain('guiSvr.bulk0150.value 150')
  }, 120_000)
})
