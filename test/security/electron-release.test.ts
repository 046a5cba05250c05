/**
 * Electron release hardening, without an Electron binary: the IPC sender check (the real registrar over
 * a stand-in ipcMain and the real handlers), the openExternal allowlist, no DevTools in a packaged build,
 * the app:// protocol instead of file:// (and its path mapping), and the electron-builder config loaded
 * and validated by electron-builder itself: every target, every fuse, the files list and the unpacked
 * native copies. The static rules are also shown to fire on the code as it was before.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, matchesGlob } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type MainApp } from '../../src-main/main/app/services'
import { APP_ENTRY, externalUrlAllowed, isTrustedSender, resolveAppAsset } from '../../src-main/main/electron/electron-policy'
import { electronRegistrar, type IpcMainLike } from '../../src-main/main/electron/ipc/electron-registrar'
import { registerAllIpc } from '../../src-main/main/ipc/register'
import { decodeInvokeError } from '../../src-main/shared/ipc-error'
import { IPC } from '../../src-main/shared/ipc-contract'
import { analyzeAppProtocol, analyzeDevTools, analyzeIpcSenderChecks, analyzeOpenExternal } from './electron-config'

const ROOT = join(__dirname, '..', '..')
const MAIN_DIR = join(ROOT, 'src-main', 'main')

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return tsFiles(p)
    return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [p] : []
  })
}
const electronMainFiles = (): string[] => [...tsFiles(join(MAIN_DIR, 'electron')), ...tsFiles(join(MAIN_DIR, 'ipc'))]
const rel = (f: string): string => f.slice(ROOT.length + 1)

describe('IPC: every call checks event.senderFrame (checklist 17)', () => {
  let dir: string
  let main: MainApp
  const listeners = new Map<string, (event: { senderFrame: { url: string; parent: unknown } | null }, ...args: unknown[]) => unknown>()
  const fakeIpcMain: IpcMainLike = { handle: (c, l) => void listeners.set(c, l) }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nsm-electron-ipc-'))
    main = await createApp({ dir })
    registerAllIpc(electronRegistrar(fakeIpcMain, { devServerUrl: undefined }), main.services, () => undefined)
  })
  afterAll(async () => {
    await main?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const app = { url: APP_ENTRY, parent: null }
  const strangers = [
    { what: 'another web page', frame: { url: 'https://evil.example/', parent: null } },
    { what: 'a file:// page', frame: { url: 'file:///tmp/evil.html', parent: null } },
    { what: 'an iframe inside the app', frame: { url: APP_ENTRY, parent: app } },
    { what: 'another app:// host', frame: { url: 'app://evil/index.html', parent: null } },
    { what: 'the dev server URL in a packaged build', frame: { url: 'http://localhost:5173/', parent: null } },
    { what: 'a frame already gone', frame: null }
  ]

  it('every contract channel is registered through the checking registrar', () => {
    for (const c of Object.values(IPC)) expect(listeners.has(c), c).toBe(true)
  })

  it("a call from anything but the app's own top-level frame is refused on every channel, before its arguments are read", async () => {
    for (const [channel, listener] of listeners) {
      for (const s of strangers) {
        const err = await Promise.resolve()
          .then(() => listener({ senderFrame: s.frame }, {}))
          .then(
            () => undefined,
            (e: unknown) => e
          )
        expect(err, `${channel} from ${s.what}`).toBeInstanceOf(Error)
        expect(decodeInvokeError(`Error invoking remote method '${channel}': ${String(err)}`)).toEqual({
          code: 'failed',
          message: `refused: ${channel} was not sent by the app's own window`
        })
      }
    }
  })

  it("the app's own frame is answered", async () => {
    expect(await listeners.get('pairs:list')?.({ senderFrame: app }, {})).toEqual([])
    expect(await listeners.get('demo:status')?.({ senderFrame: app }, {})).toEqual({ running: false })
  })

  it('the dev server is trusted only when the dev build names it', () => {
    const dev = { url: 'http://localhost:5173/index.html', parent: null }
    expect(isTrustedSender(dev)).toBe(false)
    expect(isTrustedSender(dev, 'http://localhost:5173')).toBe(true)
    expect(isTrustedSender({ url: 'http://localhost:5174/', parent: null }, 'http://localhost:5173')).toBe(false)
  })

  it('in the sources: every ipcMain.handle listener reads senderFrame; the rule fires on the registrar as it was', () => {
    const findings = electronMainFiles().flatMap((f) => analyzeIpcSenderChecks(readFileSync(f, 'utf8'), rel(f)))
    expect(findings).toEqual([])
    const before = `const registrar = { handle(channel, fn) { channels.push(channel); ipcMain.handle(channel, (_event, args) => fn(args)) } }`
    expect(analyzeIpcSenderChecks(before).map((f) => f.rule)).toEqual(['ipc-sender'])
  })
})

describe('shell.openExternal: an allowlist (checklist 15)', () => {
  it('only https pages of the allowlisted origins leave the app', () => {
    expect(externalUrlAllowed('https://kb.juniper.net/InfoCenter/index?page=content&id=KB11264')).toBe(true)
    for (const url of [
      'http://kb.juniper.net/x',
      'https://kb.juniper.net.evil.example/',
      'https://evil.example/?https://kb.juniper.net',
      'https://user:pw@kb.juniper.net/',
      'https://kb.juniper.net:8443/',
      'file:///etc/passwd',
      'smb://attacker/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'not a url'
    ])
      expect(externalUrlAllowed(url), url).toBe(false)
  })

  it('in the sources: every shell.openExternal is behind externalUrlAllowed; the rule fires on the handler as it was', () => {
    expect(electronMainFiles().flatMap((f) => analyzeOpenExternal(readFileSync(f, 'utf8'), rel(f)))).toEqual([])
    const before = `win.webContents.setWindowOpenHandler(({ url }) => { if (/^https?:\\/\\//.test(url)) void shell.openExternal(url); return { action: 'deny' } })`
    expect(analyzeOpenExternal(before).map((f) => f.rule)).toEqual(['open-external'])
  })
})

describe('no DevTools in a packaged build', () => {
  it('webPreferences.devTools and the menu item depend on app.isPackaged; the rules fire on the window as it was', () => {
    expect(electronMainFiles().flatMap((f) => analyzeDevTools(readFileSync(f, 'utf8'), rel(f)))).toEqual([])
    const before = `new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true } })
      const template = [{ label: 'View', submenu: [{ role: 'togglefullscreen' }, { role: 'toggleDevTools' }] }]`
    expect(analyzeDevTools(before).map((f) => f.rule)).toEqual(['devTools', 'devTools'])
    expect(analyzeDevTools(`new BrowserWindow({ webPreferences: { devTools: true } })`).length).toBe(1)
  })
})

describe('app:// instead of file:// (checklist 18)', () => {
  const dir = '/opt/app/out/renderer'
  it('maps app://nsm-ha-doctor/<path> into the renderer directory and nothing outside it', () => {
    expect(resolveAppAsset('app://nsm-ha-doctor/', dir)).toBe(`${dir}/index.html`)
    expect(resolveAppAsset(APP_ENTRY, dir)).toBe(`${dir}/index.html`)
    expect(resolveAppAsset('app://nsm-ha-doctor/assets/index-abc.js?v=1#x', dir)).toBe(`${dir}/assets/index-abc.js`)
    // dot segments are resolved by the URL parser (as Chromium does) before the path is mapped: they stay inside
    expect(resolveAppAsset('app://nsm-ha-doctor/../../../etc/passwd', dir)).toBe(`${dir}/etc/passwd`)
    expect(resolveAppAsset('app://nsm-ha-doctor/%2e%2e/%2e%2e/etc/passwd', dir)).toBe(`${dir}/etc/passwd`)
    for (const url of [
      'app://nsm-ha-doctor/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://nsm-ha-doctor/..%2f..%2fmain%2findex.js',
      'app://nsm-ha-doctor/x%00.js',
      'app://nsm-ha-doctor/%E0%A4%A',
      'app://other/index.html',
      'file:///opt/app/out/renderer/index.html'
    ])
      expect(resolveAppAsset(url, dir), url).toBeNull()
  })

  it('in the sources: the window loads app://, the scheme is registered and handled; the rule fires on loadFile', () => {
    const all = electronMainFiles()
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    expect(analyzeAppProtocol(all)).toEqual([])
    expect(analyzeAppProtocol(`void win.loadFile(join(__dirname, '../renderer/index.html'))`).map((f) => f.rule)).toEqual([
      'file-protocol',
      'file-protocol'
    ])
  })
})

describe('packaging: electron-builder config (npm run dist)', () => {
  const require = createRequire(__filename)
  interface Loaded {
    files: { filter: string[] }[]
    asarUnpack: string[]
    asar: boolean
    npmRebuild: boolean
    electronFuses: Record<string, boolean>
    linux: { target: string[]; icon: string }
    mac: { target: string[]; icon: string }
    win: { target: string[]; icon: string }
  }
  let cfg: Loaded

  beforeAll(async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig(dir: string, path: string | null, extra: null): Promise<unknown>
      validateConfiguration(c: unknown, log: unknown): Promise<void>
    }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    const loaded = await getConfig(ROOT, null, null)
    // electron-builder's own schema: an unknown or misspelt key fails here
    await validateConfiguration(loaded, new DebugLogger(false))
    cfg = loaded as Loaded
  })

  it('names every target: AppImage and deb, dmg, nsis', () => {
    expect(cfg.linux.target).toEqual(['AppImage', 'deb'])
    expect(cfg.mac.target).toEqual(['dmg'])
    expect(cfg.win.target).toEqual(['nsis'])
  })

  it('sets every fuse: RunAsNode, NODE_OPTIONS, --inspect off; cookie encryption, ASAR integrity, only-load-from-ASAR on', () => {
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
    expect(cfg.asar).toBe(true)
  })

  it('the files list holds out/ and the Electron-ABI native copies, which are unpacked from the asar; nothing rebuilds node_modules in place', () => {
    const electron = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string })
      .version
    const patterns = cfg.files.flatMap((f) => f.filter)
    const included = (p: string): boolean =>
      patterns.some((g) => !g.startsWith('!') && matchesGlob(p, g)) &&
      !patterns.some((g) => g.startsWith('!') && matchesGlob(p, g.slice(1)))
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      main: string
      scripts: Record<string, string>
      devDependencies: Record<string, string>
    }
    const natives = [`native/electron-${electron}/better_sqlite3.node`, `native/electron-${electron}/keytar.node`]
    for (const p of [
      pkg.main.replace(/^\.\//, ''),
      'out/preload/index.js',
      'out/renderer/index.html',
      'out/renderer/assets/index.js',
      ...natives
    ])
      expect(included(p), p).toBe(true)
    expect(included('out/main/index.js.map')).toBe(false)
    for (const p of natives)
      expect(
        cfg.asarUnpack.some((g) => matchesGlob(p, g)),
        p
      ).toBe(true)
    expect(cfg.npmRebuild).toBe(false)
    // the loader looks for exactly these names (src-main/main/platform/native.ts callers)
    const loaders = readFileSync(join(ROOT, 'src-main', 'main', 'platform', 'native.ts'), 'utf8')
    expect(loaders).toContain("'native', `electron-${electron}`")
    expect(pkg.scripts.dist).toMatch(/electron-vite build.*electron-builder|npm run build.*electron-builder/)
    expect(pkg.devDependencies['electron-builder']).toBeDefined()
  })

  it('the app icon comes from resources/ (icon.png for every platform); the icons the app shows itself ship inside it', () => {
    for (const p of [cfg.linux, cfg.mac, cfg.win]) expect(p.icon).toBe('resources/icon.png')
    const patterns = cfg.files.flatMap((f) => f.filter)
    // window and notification icon, tray icons per verdict: read from <app>/resources at run time
    for (const p of ['resources/icon.png', 'resources/icon.svg', 'resources/tray/fail.png', 'resources/tray/fail@2x.png'])
      expect(
        patterns.some((g) => !g.startsWith('!') && matchesGlob(p, g)),
        p
      ).toBe(true)
    for (const f of ['icon.png', 'icon.svg'])
      if (existsSync(join(ROOT, 'resources', f))) expect(statSync(join(ROOT, 'resources', f)).size).toBeGreaterThan(0)
  })
})
