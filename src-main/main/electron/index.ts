/**
 * Composition root: single instance, store in userData, services, IPC (answered only for the app's own
 * frame), the renderer served from app://, window, dispose on quit.
 */
import { app, ipcMain, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { createApp, type MainApp } from '../app/services'
import { registerAllIpc } from '../ipc/register'
import type { Emit } from '../ipc/handle'
import { subscribePushes } from '../ipc/pushes'
import { createElectronTray } from './platform/tray-electron'
import { createElectronNotifications } from './platform/notify-electron'
import { electronRegistrar } from './ipc/electron-registrar'
import {
  createMainWindow,
  devServerUrl,
  installAppMenu,
  nativeConfirm,
  registerAppScheme,
  saveDialog,
  serveApp,
  openCollectedDialog
} from './window'

if (!app.requestSingleInstanceLock()) app.quit()
else {
  registerAppScheme()
  // no webview and no extra window from any web contents, whoever creates it
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  let main: MainApp | undefined
  let unsubscribePushes: (() => void) | undefined
  let win: BrowserWindow | undefined
  /** with a tray, closing the window keeps the app (and its scheduled checks) running */
  let inTray = false
  const channels: string[] = []
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore()
    win?.focus()
  })
  app.whenReady().then(async () => {
    const dir = process.env.NSM_HA_DOCTOR_HOME ?? app.getPath('userData')
    main = await createApp({ dir, appRoot: app.getAppPath(), confirm: nativeConfirm(() => win) })
    const services = main.services
    serveApp(join(__dirname, '../renderer'))
    // every invoke checks event.senderFrame: the app's own top-level frame only
    const registrar = electronRegistrar(ipcMain, { devServerUrl: devServerUrl(), channels })
    const emit: Emit = (event, payload) => win?.webContents.send(event, payload)
    registerAllIpc(registrar, services, emit, { choosePath: saveDialog(() => win), chooseFiles: openCollectedDialog(() => win) })
    // the pushes that answer no call (fleet runs and batches, open-pair), once
    unsubscribePushes = subscribePushes(services, emit)
    installAppMenu()
    win = createMainWindow(join(dir, 'window-state.json'))
    // tray + desktop notifications; a closed window is re-created from the tray or a notification click
    const resources = join(app.getAppPath(), 'resources')
    const forget = (w: BrowserWindow): void => void w.on('closed', () => win === w && (win = undefined))
    forget(win)
    const show = (): void => {
      if (!win || win.isDestroyed()) forget((win = createMainWindow(join(dir, 'window-state.json'))))
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
    }
    const fleet = services.fleet
    fleet.attach({
      tray: createElectronTray(resources, {
        open: show,
        checkAll: () => void (fleet.batchState().running || fleet.checkMany([])),
        quit: () => ((inTray = false), app.quit())
      }),
      notifications: createElectronNotifications(join(resources, 'icon.png')),
      openPair: show
    })
    inTray = true
  })
  app.on('window-all-closed', () => void (inTray || app.quit()))
  app.on('will-quit', () => {
    for (const c of channels) ipcMain.removeHandler(c)
    unsubscribePushes?.()
    void main?.dispose()
  })
}
