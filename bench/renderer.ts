/**
 * Renderer figures: production bundle (gzipped) of the first view, time to the first interactive view in
 * Chromium, and rendering a 5,000-line config diff.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'
import { bytes, log, ms, type Row } from './lib/stats'

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
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((r) => !/^(https?:|data:)/.test(r))
  return [join(outDir, 'index.html'), ...refs.map((r) => join(outDir, r.replace(/^\.?\//, '')))].filter(existsSync)
}

function bundleRows(buildMs: number | undefined): Row[] {
  const files = firstViewFiles()
  const first = files.reduce((s, f) => s + gz(f), 0)
  const all = walk(OUT).filter((f) => /\.(js|css|html)$/.test(f))
  const allGz = all.reduce((s, f) => s + gz(f), 0)
  const raw = files.reduce((s, f) => s + statSync(f).size, 0)
  return [
    { section: 'renderer', name: 'first view bundle, gzip -9 (html+js+css it loads)', value: bytes(first), note: `goal < 250 KiB: ${first < 250 * 1024 ? 'met' : 'NOT met'}; raw ${bytes(raw)}, ${files.length} files` },
    { section: 'renderer', name: 'all renderer js/css/html, gzip -9', value: bytes(allGz), note: `${all.length} files${buildMs ? `; electron-vite build ${ms(buildMs)}` : ''}` }
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

/** out/renderer over http on 127.0.0.1 (Chromium refuses module scripts from file://; Electron does not). */
function serveOut(): Promise<{ url: string; close: () => void }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' }
  const server = createServer((req, res) => {
    const path = join(OUT, decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/+/, '') || 'index.html')
    if (!path.startsWith(OUT) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`, close: () => server.close() }))
  )
}

async function firstInteractive(browser: Browser, url: string): Promise<{ ms: number; how: string }> {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  // UI's e2e bridge, when it exists, stands in for the preload API; otherwise a stub that answers empty
  const bridge = ['src-renderer/e2e-bridge.js', 'test/e2e/bridge.js', 'out/e2e/bridge.js'].map((p) => join(ROOT, p)).find(existsSync)
  if (bridge) await page.addInitScript({ path: bridge })
  // init scripts as strings: tsx/esbuild would wrap named inner functions in a __name() helper that does
  // not exist in the page
  else
    await page.addInitScript({
      content: `(() => {
        const handler = {
          get: (_t, prop) => (prop === 'then' ? undefined : new Proxy(() => Promise.resolve([]), handler)),
          apply: () => Promise.resolve([])
        };
        window.api = new Proxy(() => Promise.resolve([]), handler);
      })();`
    })
  await page.addInitScript({
    content: `(() => {
      const probe = () => {
        const app = document.querySelector('#app') || document.body;
        if (app && app.firstElementChild && window.__firstViewAt === undefined) window.__firstViewAt = performance.now();
        if (performance.now() > 15000) return;
        if (app && app.querySelector('button, a[href], input, select, [role="button"], [tabindex]')) {
          window.__interactiveAt = performance.now();
          return;
        }
        requestAnimationFrame(probe);
      };
      requestAnimationFrame(probe);
    })();`
  })
  const t0 = performance.now()
  await page.goto(url)
  let at: number | undefined
  try {
    await page.waitForFunction('window.__interactiveAt !== undefined', undefined, { timeout: 5_000 })
    at = (await page.evaluate('window.__interactiveAt')) as number
  } catch {
    // no interactive element appeared
  }
  const wall = performance.now() - t0
  const first = (await page.evaluate('window.__firstViewAt')) as number | undefined
  await page.close()
  if (at === undefined && first !== undefined)
    return { ms: first, how: `first render of #app (no button/input in the view yet: the UI is a placeholder)${errors.length ? `; page error: ${errors[0]}` : ''}` }
  if (at === undefined) return { ms: wall, how: `nothing rendered in #app within 5 s${errors.length ? `; page error: ${errors[0]}` : ''}` }
  return { ms: at, how: `from navigation start to the first button/input in #app (${bridge ? 'UI e2e bridge' : 'stub API'}); wall ${ms(wall)}` }
}

/** Fallback diff measure: the `diff` package in the page + a DOM table of the result. */
async function diffInPlainPage(browser: Browser): Promise<Row[]> {
  const [a, b] = bigConfigs()
  const page = await browser.newPage()
  await page.setContent('<!doctype html><html><body><div id="d"></div></body></html>')
  await page.addScriptTag({ path: join(ROOT, 'node_modules/diff/dist/diff.min.js') })
  const r = await page.evaluate(
    ([x, y]) => {
      const D = (window as unknown as { Diff: { diffLines: (a: string, b: string) => { value: string; added?: boolean; removed?: boolean }[] } }).Diff
      const t0 = performance.now()
      const parts = D.diffLines(x, y)
      const t1 = performance.now()
      const table = document.createElement('table')
      let rows = 0
      for (const p of parts) {
        for (const line of p.value.replace(/\n$/, '').split('\n')) {
          const tr = document.createElement('tr')
          tr.className = p.added ? 'add' : p.removed ? 'del' : 'same'
          const td1 = document.createElement('td')
          td1.textContent = p.added ? '+' : p.removed ? '-' : ' '
          const td2 = document.createElement('td')
          td2.textContent = line
          tr.append(td1, td2)
          table.append(tr)
          rows++
        }
      }
      document.getElementById('d')!.append(table)
      void document.body.offsetHeight
      return new Promise<{ diffMs: number; renderMs: number; rows: number }>((res) =>
        requestAnimationFrame(() => res({ diffMs: t1 - t0, renderMs: performance.now() - t1, rows }))
      )
    },
    [a, b] as const
  )
  await page.close()
  return [
    { section: 'renderer', name: '5,000-line config diff: compute (diff.diffLines)', value: ms(r.diffMs), note: 'plain page fallback (UI diff view not measured)' },
    { section: 'renderer', name: '5,000-line config diff: DOM render to next frame', value: ms(r.renderMs), note: `${r.rows} rows, plain table` }
  ]
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
  try {
    const runs: { ms: number; how: string }[] = []
    const srv = await serveOut()
    try {
      for (let i = 0; i < 3; i++) runs.push(await firstInteractive(browser, srv.url))
    } finally {
      srv.close()
    }
    const sorted = [...runs].sort((x, y) => x.ms - y.ms)
    rows.push({ section: 'renderer', name: 'time to first interactive view (Chromium, median of 3)', value: ms(sorted[1].ms), note: sorted[1].how })
    rows.push(...(await diffInPlainPage(browser)))
  } finally {
    await browser.close()
  }
  return rows
}
