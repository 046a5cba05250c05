/**
 * The views around an incident, in Debian Chromium on the real handlers: the fix wizard opens on its
 * impact (what changes where, HA restart, how long, how to undo); the timeline shows stops, starts and a
 * failover newest first with this run marked, the time zone named and no two labels overlapping; the config
 * diff of a healthy pair has no red (mirrored addresses differ as they must); history rows name their
 * failing checks and an older run opens under an "older run" banner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { checkDefinition } from '../../src-main/shared/domain/check'
import type { LogEvent, RunReport } from '../../src-main/shared/domain/run'

const gate = requireChromium()

describe.skipIf(!gate.available)('incident views: fix impact, timeline, config diff, history', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  let sim: SimPair
  let pairId = 0
  let failed: RunReport
  let healthy: RunReport
  const errors: string[] = []
  const tid = (id: string): ReturnType<Page['getByTestId']> => page.getByTestId(id)

  beforeAll(async () => {
    sim = await startSimPair({ scenario: 'hmac-mismatch' })
    session = await startAppSession('nsm-ui-incident-', errors, async (b) => {
      const cfg = sim.pairConfig('incident pair')
      pairId = b.store.pairs.save(cfg).id
      for (const role of ['primary', 'secondary'] as const) {
        await b.store.pairs.setSecret(pairId, role, 'password', sim.secrets.password)
        b.store.hostKeys.pin(cfg[role].host, cfg[role].port, sim[role].hostKeySha256, 'ssh-ed25519')
      }
      failed = await b.runner.run(pairId)
      await sim.applyScenario('healthy')
      healthy = await b.runner.run(pairId)
    })
    ;({ bridge, page } = session)
    await tid('pair').first().click()
    await tid('verdict').waitFor({ timeout: 30_000 })
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    await sim?.stop()
  })

  it('history rows name their failing checks; an older run opens under an "older run" banner; the fix wizard leads with its impact', async () => {
    await tid('tab-history').click()
    const rows = tid('run-list').locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    // newest first: the healthy run names nothing, the failed one its failing check by title (id in the tooltip)
    expect(((await rows.nth(0).getByTestId('run-failing').textContent()) ?? '').trim()).toBe('')
    const chip = rows.nth(1).getByTestId('run-failing').locator('[title="cfg.hmac-key"]')
    expect(await chip.textContent()).toBe(checkDefinition('cfg.hmac-key').title)
    await rows.nth(1).getByRole('button', { name: 'Open' }).click()
    await tid('older-run').waitFor()
    expect(await tid('older-run').textContent()).toContain(`#${failed.runId}`)
    // the older run's fix: impact first
    await page.locator('[data-testid="problem"][data-id="cfg.hmac-key"]').getByTestId('problem-fix').first().click()
    const wizard = tid('fix-wizard')
    await wizard.getByTestId('fix-impact').waitFor()
    await wizard.getByTestId('opt-source-primary').check()
    await expect.poll(() => wizard.getByTestId('impact-changes').textContent()).toMatch(/secondary/)
    expect(await wizard.getByTestId('impact-ha').textContent()).toMatch(/stops and starts on/)
    expect(await wizard.getByTestId('impact-time').textContent()).toMatch(/at most \d+/)
    expect(await wizard.getByTestId('impact-undo').textContent()).toMatch(/restore the backups|change it back/)
    // the summary comes before the commands
    const impactBox = (await wizard.getByTestId('fix-impact').boundingBox())!
    const stepsBox = (await wizard.getByTestId('fix-steps').boundingBox())!
    expect(impactBox.y).toBeLessThan(stepsBox.y)
    await page.keyboard.press('Escape')
    await tid('older-run-latest').click()
    await expect.poll(() => tid('older-run').count()).toBe(0)
    expect(errors).toEqual([])
  }, 60_000)

  it('the config diff of a healthy pair shows no red; mirrored addresses differ as they must', async () => {
    await tid('tab-diff').click()
    await tid('config-diff').waitFor()
    const statuses = await tid('diff-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-key'), e.getAttribute('data-status')]))
    expect(statuses.filter(([, s]) => s === 'bad')).toEqual([])
    const mirrored = statuses.filter(([k]) => /(local|peer)/i.test(k ?? ''))
    expect(mirrored.length).toBeGreaterThan(0)
    expect(mirrored.every(([, s]) => s === 'expected')).toBe(true)
    expect(await page.locator('[data-testid="raw-diff"] .add, [data-testid="raw-diff"] .del').count()).toBe(0)
    expect(await page.locator('[data-testid="config-diff"] .st.bad').count()).toBe(0)
    expect(errors).toEqual([])
  }, 30_000)

  it('the timeline: stop, start and a failover, newest first, this run marked, the zone named, no labels overlapping', async () => {
    const at = (min: number): string => new Date(Date.parse(healthy.startedAt) - min * 60_000).toISOString()
    const ev = (node: 'primary' | 'secondary', kind: LogEvent['kind'], min: number): LogEvent => ({
      node,
      kind,
      at: at(min),
      source: 'GuiSvr/var/errorLog/guiDaemon.0',
      line: 1,
      text: `${kind} line`
    })
    const copy = structuredClone(healthy)
    copy.runId = undefined
    copy.startedAt = new Date(Date.now() + 1000).toISOString()
    copy.finishedAt = copy.startedAt
    // an incident: the primary was master, stopped; the secondary took over; many events within seconds
    copy.nodes.primary.events = [
      ev('primary', 'START', 30),
      ev('primary', 'MASTER', 29.99),
      ev('primary', 'STOP', 10),
      ev('primary', 'START', 9.99)
    ]
    copy.nodes.secondary.events = [
      ev('secondary', 'START', 30),
      ev('secondary', 'CLIENT', 29.98),
      ev('secondary', 'NEWMASTER', 29.97),
      ev('secondary', 'STARTUPDONE', 29.96),
      ev('secondary', 'MASTER', 9.98)
    ]
    bridge.store.history.saveRun(copy)
    await tid('nav-fleet').click()
    await tid('pair').first().click()
    await tid('tab-timeline').click()
    await tid('timeline').waitFor()
    expect(await tid('timeline-zone').textContent()).toMatch(/UTC[+−]\d\d:\d\d/)
    expect(await tid('run-marker').count()).toBe(2)
    const kinds = await tid('timeline-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
    expect(kinds.slice(0, 3)).toEqual(['MASTER', 'START', 'STOP'])
    expect(await tid('timeline-row').first().textContent()).toContain('failover → secondary master')
    // newest first
    const times = await tid('timeline-row').evaluateAll((els) => els.map((e) => Date.parse(e.querySelector('td')?.textContent ?? '')))
    expect(times.every((t, i) => i === 0 || Number.isNaN(t) || t <= times[i - 1])).toBe(true)
    // no two labels of a lane overlap, and none leaves its track (over the lane's name)
    for (const lane of await page.locator('.lane').all()) {
      const track = (await lane.locator('.lane-track').boundingBox())!
      for (const b of await lane.getByTestId('timeline-label').all()) {
        const box = (await b.boundingBox())!
        expect(box.x).toBeGreaterThanOrEqual(track.x - 0.5)
        expect(box.x + box.width).toBeLessThanOrEqual(track.x + track.width + 0.5)
      }
      const boxes = (await lane.getByTestId('timeline-label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) as {
        left: number
        right: number
        top: number
        bottom: number
      }[]
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]
          const b = boxes[j]
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
          expect(overlap, `labels ${i} and ${j} overlap`).toBe(false)
        }
    }
    expect(errors).toEqual([])
  }, 30_000)
})
