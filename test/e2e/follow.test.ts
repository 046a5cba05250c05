/**
 * Follow replication in Chromium with the real handlers bridged, the demo pair of the simulator and
 * SQLite in a temp dir: the standby's database is cleared and HaSvr started (KB11264 step 9, as an admin
 * does it by hand), the run view offers "Follow replication", and the follow draws the re-sync live
 * (chart points, share, ETA) until DB_EVENT_REP_STARTUPDONE; the samples are kept with the run.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { pairConnector } from '../../src-main/main/run/connector'

const gate = requireChromium()

describe.skipIf(!gate.available)('follow replication (Chromium, simulator, SQLite)', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  const errors: string[] = []
  const saved = process.env.NSM_SIM_RESYNC_SECONDS

  beforeAll(async () => {
    // a re-sync long enough for several samples (a sample every 5 s)
    process.env.NSM_SIM_RESYNC_SECONDS = '30'
    session = await startAppSession('nsm-ui-follow-', errors)
    ;({ bridge, page } = session)
  }, 60_000)

  afterAll(async () => {
    await session?.close()
    if (saved === undefined) delete process.env.NSM_SIM_RESYNC_SECONDS
    else process.env.NSM_SIM_RESYNC_SECONDS = saved
  })

  /** stop HaSvr on the standby, clear its database but DB_CONFIG, start it: the re-sync begins */
  async function resyncStandby(): Promise<void> {
    const pairId = bridge.services.demo.demoStatus().pairId as number
    const pair = bridge.store.pairs.get(pairId)
    if (!pair) throw new Error('no demo pair')
    // the simulator's admin key (the demo pair's password is random and kept in main)
    const identityFile = join(pair.paths.nsmHome.replace(/\/nsm\/usr\/netscreen$/, ''), 'admin_ed25519')
    const byKey = { ...pair, secondary: { ...pair.secondary, auth: 'key' as const, identityFile } }
    const connect = pairConnector(byKey, {}, { hostKeys: bridge.store.hostKeys, acceptNewHostKey: false })
    const ex = await connect('secondary')
    try {
      const { haInit, nsmData } = pair.paths
      const r = await ex.exec(
        `${haInit} stop >/dev/null && cd ${nsmData}/GuiSvr/xdb && find data -type f ! -name DB_CONFIG -exec rm -f {} + && rm -f init/* log/* && ${haInit} start`
      )
      expect(r.stdout).toMatch(/re-synchronising/)
      // the re-sync logs NEWMASTER once it has reached the primary (a moment later on a loaded machine)
      const log = `${pair.paths.nsmHome}/GuiSvr/var/errorLog/guiDaemon.0`
      for (let i = 0; i < 120; i++) {
        if ((await ex.exec(`tail -n 3 ${log}`)).stdout.includes('DB_EVENT_REP_NEWMASTER')) break
        await new Promise((ok) => setTimeout(ok, 250))
      }
    } finally {
      ex.close()
    }
  }

  it('a re-sync on the simulator is followed to STARTUPDONE with the chart and the ETA updating', async () => {
    await page.getByTestId('scenario').selectOption('db-panic')
    await page.getByTestId('demo-start').click()
    await page.getByTestId('pair').first().waitFor({ timeout: 60_000 })
    await resyncStandby()
    await page.getByTestId('run').click()
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 })
    expect(await page.locator('[data-testid="check"][data-id="repl.secondary-startup"]').getAttribute('data-status')).toBe('warn')

    await page.getByTestId('follow-open').click()
    const panel = page.getByTestId('follow-panel')
    await panel.waitFor({ timeout: 30_000 })
    // connected: the panel names the replica and its source (haStatus)
    await panel.locator('h2', { hasText: 'Replication: the secondary from the primary' }).waitFor({ timeout: 30_000 })

    // watch the panel until the end: the chart gains points, the share grows, the ETA changes
    const points: number[] = []
    const etas = new Set<string>()
    const shares: string[] = []
    const end = panel.getByTestId('follow-end')
    for (let i = 0; i < 400 && !(await end.isVisible()); i++) {
      points.push(Number((await panel.getByTestId('follow-chart').getAttribute('data-points')) ?? 0))
      etas.add((await panel.getByTestId('follow-eta').textContent()) ?? '')
      shares.push((await panel.getByTestId('follow-share').textContent()) ?? '')
      await page.waitForTimeout(250)
    }
    expect(await end.getAttribute('data-reason')).toBe('complete')
    expect(await end.textContent()).toMatch(/^Replication complete: .*DB_EVENT_REP_STARTUPDONE \(\d+ samples\)$/)
    // the chart was redrawn sample by sample
    const distinctPoints = [...new Set(points)]
    expect(distinctPoints.length).toBeGreaterThan(2)
    expect(distinctPoints).toEqual([...distinctPoints].sort((a, b) => a - b))
    // an estimate appeared and moved as the samples came in
    const estimates = [...etas].filter((t) => t.startsWith('≈'))
    expect(estimates.length).toBeGreaterThan(1)
    expect(await panel.getByTestId('follow-share').textContent()).toBe('100.0 %')
    expect(shares.some((s) => /^\d+\.\d %$/.test(s) && s !== '100.0 %')).toBe(true)
    expect(await panel.getByTestId('follow-nodes').textContent()).toContain('secondary (replica)')
    expect(await panel.getByTestId('follow-stop').count()).toBe(0)

    // kept with the run in history
    const runId = (await bridge.store.history.listRuns({ pairId: bridge.services.demo.demoStatus().pairId as number }, { limit: 1 }))
      .items[0].id
    const kept = bridge.services.follow.ofRun(runId)
    expect(kept[0]?.end?.reason).toBe('complete')
    expect(kept[0]?.samples.length).toBe(Number(await panel.getByTestId('follow-count').textContent()))

    // closed, the run view offers the follow kept with this run; reopened, it shows the same samples
    await panel.getByTestId('follow-close').click()
    const keptButton = page.getByTestId('follow-kept')
    await keptButton.waitFor()
    expect(await keptButton.textContent()).toMatch(new RegExp(`\\(${kept[0].samples.length} samples, complete\\)`))
    await keptButton.click()
    expect(await panel.getByTestId('follow-count').textContent()).toBe(String(kept[0].samples.length))
    expect(await panel.getByTestId('follow-end').getAttribute('data-reason')).toBe('complete')

    // run the checks again from the panel: replication passes now
    await panel.getByTestId('follow-recheck').click()
    await page.locator('[data-testid="check"][data-id="repl.secondary-startup"][data-status="pass"]').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('follow-panel').count()).toBe(0)
    expect(errors).toEqual([])
  }, 180_000)
})
