/**
 * Test bridge: a loopback HTTP server hosting the SAME register*Ipc handlers as Electron's ipcMain
 * (POST /ipc/<channel> for invokes, Server-Sent Events on /events for pushes) and serving out/renderer.
 * `apiInitScript()` defines window.api in the page with the preload's exact shape (src-main/preload/api.ts).
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import { readFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, extname, normalize } from 'node:path'
import { buildSync } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { CHROMIUM_PATH } from '../helpers/system'
import { createApp, type AppServices } from '../../src-main/main/app/services'
import type { AppStore } from '../../src-main/main/store/app-store'
import type { RunService } from '../../src-main/main/run/run-service'
import type { FleetOptions } from '../../src-main/main/schedule/fleet-service'
import { RecordingTray } from '../../src-main/main/platform/tray'
import { RecordingNotifications } from '../../src-main/main/platform/notify'
import { registerAllIpc } from '../../src-main/main/ipc/register'
import { subscribePushes } from '../../src-main/main/ipc/pushes'
import type { Emit, Registrar } from '../../src-main/main/ipc/handle'
import { confirmText, type ConfirmRequest, type ConfirmText } from '../../src-main/main/app/confirm'

const ROOT = process.env.NSM_UI_ROOT ?? join(__dirname, '..', '..')
const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png'
}
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** A confirmation main showed (Electron: its native message box), with the words shown. */
export interface ConfirmShown {
  req: ConfirmRequest
  text: ConfirmText
}

export interface Bridge {
  url: string
  /** the services the handlers call */
  services: AppServices
  /** the store under them (tests seed and read it) */
  store: AppStore
  /** the RunService under services.runs (tests run checks directly) */
  runner: RunService
  /** every confirmation main asked for (replace a changed pin, a destructive fix), in order */
  confirmations: ConfirmShown[]
  /** the admin's answer to main's dialog (default: confirms); tests set it to decline or to inspect */
  onConfirm: (shown: ConfirmShown) => boolean | Promise<boolean>
  /** where reports:save writes (the bridge's stand-in for Electron's save dialog) */
  exportDir: string
  /** what offline:import's file dialog answers (Electron: two open dialogs); null = the admin cancelled */
  collectedFiles: { primary: string; secondary: string } | null
  /** the bridge's stand-ins for Electron's Tray and Notification: every state and notification, recorded */
  platform: { tray: RecordingTray; notifications: RecordingNotifications }
  close(): Promise<void>
}

/** Start the bridge on 127.0.0.1:0 with a store in `dir`; exports are saved into `<dir>/exports` (or `exportDir`). */
export async function startBridge(dir: string, opts: { exportDir?: string; fleet?: FleetOptions } = {}): Promise<Bridge> {
  const exportDir = opts.exportDir ?? join(dir, 'exports')
  const confirmations: ConfirmShown[] = []
  // main's own confirmation (Electron: dialog.showMessageBox with confirmText); here the test answers
  const app = await createApp({
    dir,
    fleet: opts.fleet,
    confirm: {
      confirm: async (req) => {
        const shown = { req, text: confirmText(req) }
        confirmations.push(shown)
        return (await bridge.onConfirm(shown)) === true
      }
    }
  })
  const services = app.services
  // Electron's Tray and Notification are glue behind these interfaces (electron/index.ts); the bridge records the calls
  const platform = { tray: new RecordingTray(), notifications: new RecordingNotifications() }
  services.fleet.attach(platform)
  const handlers = new Map<string, (args: unknown) => Promise<unknown>>()
  const clients = new Set<ServerResponse>()
  const registrar: Registrar = { handle: (c, fn) => void handlers.set(c, fn) }
  const emit: Emit = (event, payload) => {
    const data = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const c of clients) c.write(data)
  }
  // as Electron's composition root: the handlers, and the pushes that answer no call wired once
  const unsubscribePushes = subscribePushes(services, emit)
  registerAllIpc(registrar, services, emit, {
    // Electron shows its save dialog here; the bridge answers with a file in exportDir
    choosePath: async (name) => (mkdirSync(exportDir, { recursive: true }), join(exportDir, name)),
    // Electron shows two open dialogs here; the bridge answers the files the test set
    chooseFiles: async () => bridge.collectedFiles
  })
  const rendererDir = join(ROOT, 'out', 'renderer')
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method === 'POST' && url.pathname.startsWith('/ipc/')) {
      const fn = handlers.get(decodeURIComponent(url.pathname.slice(5)))
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        if (!fn) return void res.writeHead(404).end()
        fn(body ? JSON.parse(body) : {}).then(
          (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: result ?? null })),
          // as Electron's ipc-dispatch: the rejection travels as one string, error.toString()
          (error: unknown) =>
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ error: electronReplyError(error) }))
        )
      })
      return
    }
    if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      res.write(': open\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }
    const rel = normalize(url.pathname === '/' ? '/index.html' : url.pathname).replace(/^(\.\.[/\\])+/, '')
    const file = join(rendererDir, rel)
    if (!file.startsWith(rendererDir) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP })
    res.end(readFileSync(file))
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  const bridge: Bridge = {
    url: `http://127.0.0.1:${port}/`,
    services,
    store: app.store,
    runner: app.runner,
    confirmations,
    onConfirm: () => true,
    exportDir,
    collectedFiles: null,
    platform,
    async close() {
      for (const c of clients) c.end()
      await new Promise<void>((ok) => server.close(() => ok()))
      unsubscribePushes()
      await app.dispose()
    }
  }
  return bridge
}

/**
 * What Electron's main sends the renderer for a rejected handler (lib/browser/ipc-dispatch.ts, replyWithError):
 * `error.toString()` — "Error: <message>" for an Error, "[object Object]" for a plain object.
 */
export function electronReplyError(error: unknown): string {
  return (error as { toString(): string }).toString()
}

/** What ipcRenderer.invoke rejects with for that reply (lib/renderer/api/ipc-renderer.ts). */
export function electronInvokeRejection(channel: string, error: string): Error {
  return new Error(`Error invoking remote method '${channel}': ${error}`)
}

/**
 * What the context bridge does to a rejection crossing from the preload's world into the page
 * (shell/renderer/api/electron_api_context_bridge.cc): an Error is re-created from its message alone.
 */
export function contextBridgeCopy(error: unknown): unknown {
  return error instanceof Error ? new Error(error.message) : error
}

/**
 * Page init script: window.api built by the preload's own buildApi (src-main/preload/api.ts, bundled with
 * what it imports) over fetch + EventSource. The transport behaves as Electron's: a rejection arrives as
 * the string `error.toString()` and is thrown as "Error invoking remote method '<channel>': <string>";
 * what the page receives is copied as the context bridge copies it (an Error keeps only its message).
 */
export function apiInitScript(): string {
  const { outputFiles } = buildSync({
    entryPoints: [join(ROOT, 'src-main', 'preload', 'api.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__nsmApi',
    platform: 'browser',
    target: 'es2022'
  })
  const code = outputFiles[0].text
  return `${code}
(() => {
  const invoke = async (channel, args) => {
    const r = await fetch('/ipc/' + encodeURIComponent(channel), { method: 'POST', body: JSON.stringify(args ?? {}) })
    const { error, result } = await r.json()
    // ipcRenderer.invoke: \`if (error) throw new Error(...)\` (electronInvokeRejection)
    if (error) throw new Error(\`Error invoking remote method '\${channel}': \${error}\`)
    return result
  }
  const copy = ${contextBridgeCopy.toString()}
  const bridged = (value) => {
    if (typeof value === 'function') return (...a) => { const r = value(...a); return r && typeof r.then === 'function' ? r.then(undefined, (e) => { throw copy(e) }) : r }
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bridged(v)]))
    return value
  }
  let es
  const on = (event, cb) => {
    es = es ?? new EventSource('/events')
    const l = (e) => cb(JSON.parse(e.data))
    es.addEventListener(event, l)
    return () => es.removeEventListener(event, l)
  }
  window.api = bridged(__nsmApi.buildApi(invoke, on))
})()`
}

/** The flags Debian's chromium needs here (README, "Facts of these machines"). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking']

/**
 * Debian Chromium at 1280x800 on the app served by the bridge at `url`, window.api injected, once the app
 * has loaded its pairs (body[data-app-ready]). Page errors and console errors are pushed into `errors`.
 */
export async function openApp(url: string, errors: string[] = []): Promise<{ browser: Browser; page: Page }> {
  if (!CHROMIUM_PATH) throw new Error('chromium not installed (apt-get install chromium)')
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())))
    await page.addInitScript(apiInitScript())
    await page.goto(url)
    await page.waitForSelector('body[data-app-ready="1"]')
    return { browser, page }
  } catch (e) {
    await browser.close()
    throw e
  }
}

export interface AppSession {
  dir: string
  bridge: Bridge
  browser: Browser
  page: Page
  /** browser, bridge (services, demo simulator) and the data dir, in that order */
  close(): Promise<void>
}

/**
 * One e2e session: a temp data dir (also NSM_HA_DOCTOR_HOME), the bridge on it, then Chromium on the app
 * (openApp). `beforeOpen` runs between the two (e.g. start the demo pair). A failed start cleans up.
 */
export async function startAppSession(
  prefix: string,
  errors: string[] = [],
  beforeOpen?: (bridge: Bridge) => Promise<void>,
  bridgeOptions: { fleet?: FleetOptions } = {}
): Promise<AppSession> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  process.env.NSM_HA_DOCTOR_HOME = dir
  let bridge: Bridge | undefined
  let browser: Browser | undefined
  const close = async (): Promise<void> => {
    await browser?.close()
    await bridge?.close()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    bridge = await startBridge(dir, bridgeOptions)
    await beforeOpen?.(bridge)
    const opened = await openApp(bridge.url, errors)
    browser = opened.browser
    return { dir, bridge, browser, page: opened.page, close }
  } catch (e) {
    await close()
    throw e
  }
}
