/**
 * The Electron glue of window.ts run against a stand-in of the `electron` module (no Electron binary
 * here): what it asks Electron to do is recorded and checked — the app:// scheme and its file server
 * (content, types, CSP, nothing outside the renderer), the window's webPreferences and what it loads in a
 * packaged and a development build, the new-window handler's allowlist, the menu without DevTools when
 * packaged, and main's confirmation dialog (Cancel first and default; only the confirming button says yes).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

interface FakeWindow {
  opts: { webPreferences: Record<string, unknown> }
  loaded?: string
  openHandler?: (d: { url: string }) => { action: string }
  navigate?: (e: { preventDefault(): void }) => void
}

const electron = vi.hoisted(() => ({
  packaged: true,
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, (req: Request) => Promise<Response>>(),
  opened: [] as string[],
  boxes: [] as Record<string, unknown>[],
  response: 0,
  menu: [] as { label?: string; role?: string; submenu?: { role?: string }[] }[],
  windows: [] as unknown[]
}))

vi.mock('electron', () => {
  class BrowserWindow {
    opts: unknown
    loaded?: string
    openHandler?: unknown
    navigate?: unknown
    webContents = {
      setWindowOpenHandler: (h: unknown) => void (this.openHandler = h),
      on: (event: string, h: unknown) => void (event === 'will-navigate' && (this.navigate = h))
    }
    constructor(opts: unknown) {
      this.opts = opts
      electron.windows.push(this)
    }
    once(): void {}
    on(): void {}
    loadURL(url: string): Promise<void> {
      this.loaded = url
      return Promise.resolve()
    }
    getBounds(): object {
      return { width: 1, height: 1 }
    }
  }
  return {
    app: {
      get isPackaged() {
        return electron.packaged
      },
      getAppPath: () => '/nonexistent-app',
      getPath: () => tmpdir()
    },
    protocol: {
      registerSchemesAsPrivileged: (s: (typeof electron.privileged)[number][]) => void electron.privileged.push(...s),
      handle: (scheme: string, fn: (req: Request) => Promise<Response>) => void electron.handlers.set(scheme, fn)
    },
    dialog: {
      showMessageBox: async (...a: unknown[]) => {
        electron.boxes.push(a[a.length - 1] as Record<string, unknown>)
        return { response: electron.response, checkboxChecked: false }
      },
      showSaveDialog: async () => ({ canceled: true })
    },
    shell: { openExternal: async (url: string) => void electron.opened.push(url) },
    session: { defaultSession: { webRequest: { onHeadersReceived: () => undefined }, setPermissionRequestHandler: () => undefined } },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: typeof electron.menu) => void (electron.menu = m) },
    BrowserWindow
  }
})

const { registerAppScheme, serveApp, createMainWindow, installAppMenu, nativeConfirm, devServerUrl } =
  await import('../../src-main/main/electron/window')
const { APP_ENTRY } = await import('../../src-main/main/electron/electron-policy')

describe('window.ts against a stand-in Electron', () => {
  let dir: string
  let renderer: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nsm-electron-glue-'))
    renderer = join(dir, 'renderer')
    mkdirSync(join(renderer, 'assets'), { recursive: true })
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>app</title>')
    writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'export {}')
    writeFileSync(join(dir, 'secret.txt'), 'outside the renderer')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  beforeEach(() => {
    electron.packaged = true
    electron.windows.length = 0
    electron.opened.length = 0
    electron.boxes.length = 0
  })

  it("app:// is registered as a standard, secure scheme and serves only the renderer's files, with their type and the CSP", async () => {
    registerAppScheme()
    expect(electron.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }])
    serveApp(renderer)
    const serve = electron.handlers.get('app')
    expect(serve).toBeDefined()
    const get = (url: string) => (serve as (r: Request) => Promise<Response>)(new Request(url))
    const index = await get('app://nsm-ha-doctor/')
    expect(index.status).toBe(200)
    expect(await index.text()).toContain('<title>app</title>')
    expect(index.headers.get('content-type')).toMatch(/^text\/html/)
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    const js = await get('app://nsm-ha-doctor/assets/index-abc.js')
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/)
    for (const url of [
      'app://nsm-ha-doctor/..%2fsecret.txt',
      'app://nsm-ha-doctor/assets/..%2f..%2fsecret.txt',
      'app://nsm-ha-doctor/missing.js',
      'app://elsewhere/index.html'
    ])
      expect((await get(url)).status, url).toBe(404)
  })

  it('a packaged build: no DevTools, the window loads app://, even with a dev server URL in the environment', () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173'
    try {
      expect(devServerUrl()).toBeUndefined()
      createMainWindow(join(dir, 'window-state.json'))
      const win = electron.windows[0] as FakeWindow
      expect(win.opts.webPreferences).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true, nodeIntegration: false })
      expect(win.loaded).toBe(APP_ENTRY)
    } finally {
      delete process.env.ELECTRON_RENDERER_URL
    }
  })

  it('a development build: DevTools, the dev server when electron-vite names one', () => {
    electron.packaged = false
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173'
    try {
      createMainWindow(join(dir, 'window-state.json'))
      const win = electron.windows[0] as FakeWindow
      expect(win.opts.webPreferences.devTools).toBe(true)
      expect(win.loaded).toBe('http://localhost:5173')
    } finally {
      delete process.env.ELECTRON_RENDERER_URL
    }
  })

  it('new windows are denied; only allowlisted https URLs go to the OS browser; navigation is prevented', () => {
    createMainWindow(join(dir, 'window-state.json'))
    const win = electron.windows[0] as FakeWindow
    for (const url of ['https://evil.example/', 'http://kb.juniper.net/', 'file:///etc/passwd', 'smb://host/share'])
      expect(win.openHandler?.({ url })).toEqual({ action: 'deny' })
    expect(electron.opened).toEqual([])
    expect(win.openHandler?.({ url: 'https://kb.juniper.net/KB11264' })).toEqual({ action: 'deny' })
    expect(electron.opened).toEqual(['https://kb.juniper.net/KB11264'])
    let prevented = false
    win.navigate?.({ preventDefault: () => void (prevented = true) })
    expect(prevented).toBe(true)
  })

  it('the View menu offers Toggle DevTools only in a development build', () => {
    const roles = (): (string | undefined)[] => (electron.menu.find((m) => m.label === 'View')?.submenu ?? []).map((i) => i.role)
    installAppMenu()
    expect(roles()).not.toContain('toggleDevTools')
    electron.packaged = false
    installAppMenu()
    expect(roles()).toContain('toggleDevTools')
  })

  it("main's confirmation: a warning box, Cancel first and default, only the confirming button says yes", async () => {
    const confirm = nativeConfirm(() => undefined)
    const req = {
      kind: 'replace-host-key' as const,
      host: 'nsm-a',
      port: 22,
      keyType: 'ssh-ed25519',
      offered: 'SHA256:new',
      pinned: 'SHA256:old',
      pinnedKeyType: 'ssh-ed25519',
      pairs: ['lab']
    }
    electron.response = 0
    expect(await confirm.confirm(req)).toBe(false)
    electron.response = 1
    expect(await confirm.confirm(req)).toBe(true)
    const box = electron.boxes[0]
    expect(box).toMatchObject({ type: 'warning', defaultId: 0, cancelId: 0, buttons: ['Keep the old pin', 'Replace the pin'] })
    for (const part of ['nsm-a:22', 'SHA256:old', 'SHA256:new', 'ssh-ed25519'])
      expect(`${String(box.message)}\n${String(box.detail)}`).toContain(part)
  })
})
