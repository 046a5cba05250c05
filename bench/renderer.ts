/**
 * Renderer figures: production bundle (gzipped) of the first view, time to the first interactive view in
 * Chromium, and rendering a 5,000-line config diff.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { NodeRole } from '../src-main/shared/domain/check'
import type { PairConfig } from '../src-main/shared/domain/pair'
import { startSimPair } from '../src-main/simulator/index'
import { apiInitScript, startBridge, type Bridge } from '../test/e2e/bridge'
import { bytes, log, median, ms, type Row } from './lib/stats'

const ROOT = resolve(__dirname, '..')
const OUT = join(ROOT, 'out', 'renderer')
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage']

function gz(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : [p]
  })
}

/** index.html + every script/stylesheet/modulepreload it references (the first view's download). */
export function firstViewFiles(outDir = OUT): string[] {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"/g)]
    .map((m) => m[1])
    .filter((r) => !/^(https?:|data:)/.test(r))
  return [join(outDir, 'index.html'), ...refs.map((r) => join(outDir, r.replace(/^\.?\//, '')))].filter(existsSync)
}

function bundleRows(buildMs: number | undefined): Row[] {
  const files = firstViewFiles()
  const first = files.reduce((s, f) => s + gz(f), 0)
  const all = walk(OUT).filter((f) => /\.(js|css|html)$/.test(f))
  const allGz = all.reduce((s, f) => s + gz(f), 0)
  const raw = files.reduce((s, f) => s + statSync(f).size, 0)
  return [
    {
      section: 'renderer',
      name: 'first view bundle, gzip -9 (html+js+css it loads)',
      value: bytes(first),
      note: `goal < 250 KiB: ${first < 250 * 1024 ? 'met' : 'NOT met'}; raw ${bytes(raw)}, ${files.length} files`
    },
    {
      section: 'renderer',
      name: 'all renderer js/css/html, gzip -9',
      value: bytes(allGz),
      note: `${all.length} files${buildMs ? `; electron-vite build ${ms(buildMs)}` : ''}`
    }
  ]
}

/** A 5,000-line NSM-like config and a changed copy (every 25th line edited, some added/removed). */
export function bigConfigs(lines = 5000): [string, string] {
  const a: string[] = []
  for (let i = 0; i < lines; i++) a.push(`guiSvr.setting${i}.value ${(i * 2654435761) % 1000003}`)
  const b = a.map((l, i) => (i % 25 === 0 ? `${l}0` : l)).filter((_l, i) => i % 200 !== 7)
  for (let i = 0; i < 20; i++) b.splice(i * 240, 0, `highAvail.added${i} y`)
  return [`${a.join('\n')}\n`, `${b.join('\n')}\n`]
}

const page = (b: Browser): Promise<Page> => b.newPage({ viewport: { width: 1280, height: 800 } })

/**
 * Time from navigation start to the first interactive view of the REAL app: the built renderer served by
 * the e2e bridge with the real main-process handlers (test/e2e/bridge.ts), until the app has loaded its
 * pairs (body[data-app-ready]) and a button is on screen. Page clock, so Playwright's overhead is out.
 */
async function firstInteractive(browser: Browser, bridge: Bridge): Promise<number> {
  const p = await page(browser)
  await p.addInitScript(apiInitScript())
  await p.addInitScript({
    content: `(() => {
      const probe = () => {
        if (document.body && document.body.getAttribute('data-app-ready') === '1' && document.querySelector('#app button')) {
          window.__interactiveAt = performance.now();
          return;
        }
        requestAnimationFrame(probe);
      };
      requestAnimationFrame(probe);
    })();`
  })
  await p.goto(bridge.url)
  await p.waitForSelector('body[data-app-ready="1"] #app button', { timeout: 30_000 })
  let at: number | undefined
  for (let i = 0; i < 100 && at === undefined; i++) at = (await p.evaluate('window.__interactiveAt')) as number | undefined
  if (at === undefined) throw new Error('first view: the in-page probe never fired')
  await p.close()
  return at
}

/**
 * A 5,000-line config diff in the real Config diff view: a simulated pair whose guiSvr.cfg carries 5,000
 * settings (every 25th changed on the secondary, some added/removed), checked through the app, then the
 * guiSvr.cfg button clicked; measured from the click to the next frame after the raw diff holds the last line.
 */
async function configDiff(browser: Browser, bridge: Bridge): Promise<Row[]> {
  const sim = await startSimPair({ scenario: 'healthy' })
  try {
    const [a, b] = bigConfigs()
    for (const [role, extra] of [
      ['primary', a],
      ['secondary', b]
    ] as const) {
      const f = join(sim[role].root, 'usr/netscreen/GuiSvr/var/guiSvr.cfg')
      writeFileSync(f, readFileSync(f, 'utf8') + extra)
    }
    const cfg = sim.pairConfig('Bench 5,000-line diff')
    const endpoint = (role: NodeRole): PairConfig['primary'] => ({
      ...cfg[role],
      auth: 'key',
      identityFile: sim[role].clientKeyPath,
      sudo: 'none'
    })
    const saved = bridge.store.pairs.save({ ...cfg, primary: endpoint('primary'), secondary: endpoint('secondary') })
    for (const role of ['primary', 'secondary'] as const) bridge.store.hostKeys.pin(sim[role].host, sim[role].port, sim[role].hostKeySha256)
    const p = await page(browser)
    await p.addInitScript(apiInitScript())
    await p.goto(bridge.url)
    await p.waitForSelector('body[data-app-ready="1"]')
    await p.getByTestId('pair').filter({ hasText: 'Bench 5,000-line diff' }).click()
    await p.getByTestId('run').click()
    await p.getByTestId('verdict').waitFor({ timeout: 120_000 })
    await p.getByTestId('tab-diff').click()
    await p.getByTestId('config-diff').waitFor()
    // strings, not functions: tsx would wrap inner functions in a __name() helper the page lacks
    // (Runtime.evaluate is not subject to the page's CSP, unlike waitForFunction's eval)
    const measure = async (click: string, ready: string): Promise<{ ms: number; rows: number; differ: number }> =>
      (await p.evaluate(`new Promise((done) => {
        const t0 = performance.now();
        (${click})();
        const wait = () => {
          if ((${ready})()) {
            const rows = document.querySelectorAll('[data-testid="config-diff"] tbody tr').length;
            const differ = document.querySelectorAll('[data-testid="config-diff"] tbody tr.differ').length;
            requestAnimationFrame(() => done({ ms: performance.now() - t0, rows, differ }));
          } else if (performance.now() - t0 > 60000) done({ ms: -1, rows: 0, differ: 0 });
          else requestAnimationFrame(wait);
        };
        wait();
      })`)) as { ms: number; rows: number; differ: number }
    // the file: its key table (large files open on their differences) and the folded raw diff
    const open = await measure(
      `() => Array.from(document.querySelectorAll('.toolbar button')).find((x) => x.textContent.trim() === 'guiSvr.cfg').click()`,
      `() => { const raw = document.querySelector('[data-testid="raw-diff"]'); return raw && raw.textContent.includes('highAvail.added19') }`
    )
    // then every key
    const all = await measure(
      `() => document.querySelector('[data-testid="diff-show-all"]').click()`,
      `() => document.querySelectorAll('[data-testid="config-diff"] tbody tr').length > 5000`
    )
    const r = { ms: open.ms < 0 || all.ms < 0 ? -1 : open.ms, rows: open.rows, differ: open.differ }
    await p.close()
    await bridge.store.pairs.remove(saved.id)
    if (r.ms < 0)
      return [
        { section: 'renderer', name: '5,000-line config diff', value: 'n/a', note: 'the diff view never showed the last line within 60 s' }
      ]
    return [
      {
        section: 'renderer',
        name: '5,000-line config diff: open the file in the Config diff view',
        value: ms(r.ms),
        note: `real view after a real check, click to next frame: differing keys shown (${r.rows} of ${all.rows}, ${r.differ} flagged), raw text diff in hunks (diff.diffLines)`
      },
      { section: 'renderer', name: '5,000-line config diff: "show all keys"', value: ms(all.ms), note: `${all.rows} key rows rendered` }
    ]
  } finally {
    await sim.stop()
  }
}

export async function rendererBench(opts: { build: boolean }): Promise<Row[]> {
  const rows: Row[] = []
  let buildMs: number | undefined
  if (opts.build) {
    log('renderer: electron-vite build')
    const t0 = performance.now()
    try {
      execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore', timeout: 240_000 })
      buildMs = performance.now() - t0
    } catch (e) {
      rows.push({ section: 'renderer', name: 'electron-vite build', value: 'failed', note: (e as Error).message.split('\n')[0] })
    }
  }
  if (!existsSync(join(OUT, 'index.html'))) {
    rows.push({ section: 'renderer', name: 'bundle', value: 'n/a', note: 'out/renderer/index.html missing' })
    return rows
  }
  rows.push(...bundleRows(buildMs))
  if (!CHROMIUM) {
    rows.push({ section: 'renderer', name: 'Chromium', value: 'n/a', note: 'chromium not installed' })
    return rows
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-bench-ui-'))
  const home = process.env.NSM_HA_DOCTOR_HOME
  process.env.NSM_HA_DOCTOR_HOME = dir
  const bridge = await startBridge(dir)
  try {
    const runs: number[] = []
    for (let i = 0; i < 3; i++) runs.push(await firstInteractive(browser, bridge))
    rows.push({
      section: 'renderer',
      name: 'time to first interactive view (Chromium, median of 3)',
      value: ms(median(runs)),
      note: `real app + real handlers (e2e bridge), navigation start to pairs loaded and a button shown: ${runs.map((x) => ms(x)).join(', ')}`
    })
    rows.push(...(await configDiff(browser, bridge)))
  } finally {
    await browser.close()
    await bridge.close()
    if (home === undefined) delete process.env.NSM_HA_DOCTOR_HOME
    else process.env.NSM_HA_DOCTOR_HOME = home
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}
