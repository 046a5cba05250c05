/**
 * Fleet overview with 200 pairs: the one fleet query in main, and the real app in Chromium (the built
 * renderer + the real handlers through the e2e bridge) from navigation start to the table with all 200
 * rows on screen, then a filter keystroke and a sort change to the next frame. History: 20 completed runs
 * per pair (a verdict mix), stored through HistoryService as the app stores them.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { FleetRepo } from '../src-main/main/db/fleet-repo'
import type { PairConfig } from '../src-main/shared/domain/pair'
import type { RunReport } from '../src-main/shared/domain/run'
import { apiInitScript, startBridge } from '../test/e2e/bridge'
import { reportWithSecrets } from '../test/history/fixture-report'
import { log, median, ms, type Row } from './lib/stats'

const ROOT = resolve(__dirname, '..')
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage']
const PAIRS = 200
const RUNS = 20

function pairOf(i: number): PairConfig {
  const node = (n: number): PairConfig['primary'] => ({
    host: `10.${Math.floor(n / 250)}.${n % 250}.1`,
    port: 22,
    user: 'admin',
    auth: 'password',
    sudo: 'none'
  })
  return {
    name: `nsm-${['ams', 'fra', 'nyc', 'sin'][i % 4]}-${String(i).padStart(3, '0')}`,
    primary: node(2 * i),
    secondary: node(2 * i + 1),
    paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' },
    tags: [['ams', 'fra', 'nyc', 'sin'][i % 4], i % 3 ? 'prod' : 'test'],
    notes: ''
  }
}

/** a page-clock measure: run `act`, then wait until `ready` holds, then one more frame */
async function measure(p: Page, act: string, ready: string): Promise<number> {
  return (await p.evaluate(`new Promise((done) => {
    const t0 = performance.now();
    (${act})();
    const wait = () => {
      if ((${ready})()) requestAnimationFrame(() => done(performance.now() - t0));
      else if (performance.now() - t0 > 60000) done(-1);
      else requestAnimationFrame(wait);
    };
    wait();
  })`)) as number
}

export async function fleetBench(): Promise<Row[]> {
  const rows: Row[] = []
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-bench-fleet-'))
  const home = process.env.NSM_HA_DOCTOR_HOME
  process.env.NSM_HA_DOCTOR_HOME = dir
  const bridge = await startBridge(dir, { fleet: { schedule: false } })
  try {
    log(`fleet: ${PAIRS} pairs × ${RUNS} runs`)
    const store = bridge.store
    const healthy = reportWithSecrets()
    const broken = reportWithSecrets({ otpMismatch: true })
    const t0 = performance.now()
    for (let i = 0; i < PAIRS; i++) {
      const saved = store.pairs.save(pairOf(i))
      if (i % 20 === 19) continue // some pairs never checked
      for (let r = 0; r < RUNS; r++) {
        const startedAt = new Date(Date.UTC(2026, 0, 1) + r * 900_000 + i * 1000).toISOString()
        const base: RunReport = (i % 7 === 0 && r > RUNS - 4) || (i % 11 === 0 && r % 5 === 0) ? broken : healthy
        const report: RunReport = { ...base, startedAt, finishedAt: startedAt, pair: { ...base.pair, id: saved.id, name: saved.name } }
        report.runId = store.history.beginRun(report.pair, startedAt)
        store.history.saveRun(report)
      }
    }
    const seeded = performance.now() - t0
    const repo = new FleetRepo(store.db)
    repo.list(RUNS)
    const q: number[] = []
    for (let i = 0; i < 7; i++) {
      const s = performance.now()
      repo.list(RUNS)
      q.push(performance.now() - s)
    }
    rows.push({
      section: 'fleet (200 pairs)',
      name: `fleet query in main: ${PAIRS} pairs, last ${RUNS} verdicts + failing checks each`,
      value: ms(median(q)),
      note: `one statement, median of 7; history: ${PAIRS * RUNS - (PAIRS / 20) * RUNS} runs stored in ${ms(seeded)}`
    })
    if (!CHROMIUM || !existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
      rows.push({ section: 'fleet (200 pairs)', name: 'fleet view in Chromium', value: 'n/a', note: 'chromium or out/renderer missing' })
      return rows
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
    try {
      const first: number[] = []
      const filter: number[] = []
      const sort: number[] = []
      for (let i = 0; i < 3; i++) {
        const p = await browser.newPage({ viewport: { width: 1280, height: 800 } })
        await p.addInitScript(apiInitScript())
        // navigation start → all rows of the table on screen and the Check all button enabled
        await p.addInitScript({
          content: `(() => {
            const probe = () => {
              const b = document.querySelector('[data-testid="check-all"]');
              if (document.querySelectorAll('[data-testid="fleet-row"]').length === ${PAIRS} && b && !b.disabled) { window.__fleetAt = performance.now(); return; }
              requestAnimationFrame(probe);
            };
            requestAnimationFrame(probe);
          })();`
        })
        await p.goto(bridge.url)
        await p.waitForSelector(`[data-testid="fleet-row"]:nth-child(${PAIRS})`, { timeout: 60_000 })
        let at: number | undefined
        for (let k = 0; k < 100 && at === undefined; k++) at = (await p.evaluate('window.__fleetAt')) as number | undefined
        if (at !== undefined) first.push(at)
        filter.push(
          await measure(
            p,
            `() => { const el = document.querySelector('[data-testid="fleet-filter"]'); el.value = 'nsm-fra'; el.dispatchEvent(new Event('input', { bubbles: true })) }`,
            `() => document.querySelectorAll('[data-testid="fleet-row"]').length === ${PAIRS / 4}`
          )
        )
        await measure(
          p,
          `() => { const el = document.querySelector('[data-testid="fleet-filter"]'); el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true })) }`,
          `() => document.querySelectorAll('[data-testid="fleet-row"]').length === ${PAIRS}`
        )
        sort.push(
          await measure(
            p,
            `() => { const el = document.querySelector('[data-testid="fleet-sort"]'); el.value = 'name'; el.dispatchEvent(new Event('change', { bubbles: true })) }`,
            `() => (document.querySelector('[data-testid="fleet-row"]')?.getAttribute('data-pair') ?? '') === 'nsm-ams-000'`
          )
        )
        await p.close()
      }
      const fmt = (xs: number[]): string => xs.map((x) => ms(x)).join(', ')
      rows.push({
        section: 'fleet (200 pairs)',
        name: 'fleet view: navigation start → all 200 rows shown, interactive (Chromium)',
        value: ms(median(first)),
        note: `median of 3: ${fmt(first)}; real app + real handlers (e2e bridge)`
      })
      rows.push({
        section: 'fleet (200 pairs)',
        name: 'fleet view: type a name filter (200 → 50 rows), to the next frame',
        value: ms(median(filter)),
        note: `median of 3: ${fmt(filter)}`
      })
      rows.push({
        section: 'fleet (200 pairs)',
        name: 'fleet view: sort worst first → by name, to the next frame',
        value: ms(median(sort)),
        note: `median of 3: ${fmt(sort)}`
      })
    } finally {
      await browser.close()
    }
  } finally {
    await bridge.close()
    if (home === undefined) delete process.env.NSM_HA_DOCTOR_HOME
    else process.env.NSM_HA_DOCTOR_HOME = home
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}
