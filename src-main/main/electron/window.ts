/**
 * The hardened BrowserWindow: isolated, sandboxed, no Node, no DevTools in a packaged build, CSP header,
 * the renderer served from app://nsm-ha-doctor/ (not file://), navigation denied, new windows denied
 * (only allowlisted https URLs go to the OS browser), bounds remembered.
 */
import { app, BrowserWindow, dialog, Menu, protocol, session, shell, type MenuItemConstructorOptions } from 'electron'
import { join } from 'node:path'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { APP_ENTRY, APP_SCHEME, externalUrlAllowed, mimeOf, resolveAppAsset } from './electron-policy'
import type { ChooseSavePath } from '../app/services'
import type { ChooseCollectedFiles } from '../app/offline-app'
import { confirmText, type ConfirmHost } from '../app/confirm'
import { EXPORT_EXTENSIONS } from '../reports'

/** the window icon on Linux (macOS and Windows take it from the package); resources/ ships inside the app */
const WINDOW_ICON = join(app.getAppPath(), 'resources', 'icon.png')

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

interface Bounds {
  x?: number
  y?: number
  width: number
  height: number
}

function loadBounds(file: string): Bounds {
  try {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Bounds
  } catch {
    // a broken state file only costs the remembered position
  }
  return { width: 1280, height: 800 }
}

/** The dev server's URL in `electron-vite dev` (never in a packaged build). */
export function devServerUrl(): string | undefined {
  return app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
}

/** Before app ready: app:// is a standard, secure scheme (its own origin, fetch and module scripts work). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** After app ready: app://nsm-ha-doctor/<path> answers the file of the built renderer (inside the asar), with the CSP. */
export function serveApp(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(request.url, rendererDir)
    if (!file) return new Response('not found', { status: 404 })
    try {
      return new Response(await readFile(file), { headers: { 'content-type': mimeOf(file), 'content-security-policy': CSP } })
    } catch {
      return new Response('not found', { status: 404 })
    }
  })
}

/** Create the main window; `stateFile` keeps its bounds across starts. */
export function createMainWindow(stateFile: string): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  )
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false))
  const bounds = loadBounds(stateFile)
  const win = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    icon: process.platform === 'linux' && existsSync(WINDOW_ICON) ? WINDOW_ICON : undefined,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      // DevTools only in a development build
      devTools: !app.isPackaged
    }
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (externalUrlAllowed(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.once('ready-to-show', () => win.show())
  win.on('close', () => writeFileSync(stateFile, JSON.stringify(win.getBounds())))
  const dev = devServerUrl()
  void (dev ? win.loadURL(dev) : win.loadURL(APP_ENTRY))
  return win
}

/** The save function of reports:save: the native save dialog, parented to the main window. */
const KIND: Record<keyof typeof EXPORT_EXTENSIONS, string> = {
  html: 'HTML report',
  markdown: 'Markdown report',
  json: 'JSON report',
  bundle: 'Support bundle (zip)'
}

export function saveDialog(win: () => BrowserWindow | undefined): ChooseSavePath {
  return async (suggestedName, format) => {
    const options = {
      title: `Save ${KIND[format]}`,
      defaultPath: join(app.getPath('documents'), suggestedName),
      filters: [{ name: KIND[format], extensions: [EXPORT_EXTENSIONS[format]] }]
    }
    const w = win()
    const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options)
    return r.canceled || !r.filePath ? null : r.filePath
  }
}

/** "Import collected output": two open dialogs, the primary's file then the secondary's; null when either is cancelled. */
export function openCollectedDialog(win: () => BrowserWindow | undefined): ChooseCollectedFiles {
  const one = async (role: string, pairName: string): Promise<string | null> => {
    const options = {
      title: `Collected probe output of the ${role} (${pairName})`,
      properties: ['openFile' as const],
      filters: [
        { name: 'Probe output', extensions: ['txt', 'out', 'log'] },
        { name: 'All files', extensions: ['*'] }
      ]
    }
    const w = win()
    const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options)
    return r.canceled || !r.filePaths[0] ? null : r.filePaths[0]
  }
  return async (pairName) => {
    const primary = await one('primary', pairName)
    if (!primary) return null
    const secondary = await one('secondary', pairName)
    return secondary ? { primary, secondary } : null
  }
}

/**
 * Main's own confirmation (replace a changed host-key pin, run a destructive fix): a native message box
 * parented to the main window, Cancel first and default, so Enter or Esc never confirms.
 */
export function nativeConfirm(win: () => BrowserWindow | undefined): ConfirmHost {
  return {
    async confirm(req) {
      const t = confirmText(req)
      const options = {
        type: 'warning' as const,
        title: t.title,
        message: t.message,
        detail: t.detail,
        buttons: [t.cancelLabel, t.confirmLabel],
        defaultId: 0,
        cancelId: 0,
        noLink: true
      }
      const w = win()
      const r = w ? await dialog.showMessageBox(w, options) : await dialog.showMessageBox(options)
      return r.response === 1
    }
  }
}

/**
 * The application menu without Electron's default Reload / Force Reload (Ctrl/Cmd+R): the renderer uses
 * Ctrl/Cmd+R and F5 for "Run checks", and a reload would drop the app's state.
 */
export function installAppMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        // DevTools only in a development build
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const])
      ]
    },
    { role: 'windowMenu' }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
