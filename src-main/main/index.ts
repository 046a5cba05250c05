/** Composition root: single instance, store in userData, services, IPC, window, dispose on quit. */
import { app, ipcMain, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { createServices, type AppServices } from './app/services'
import { registerAllIpc } from './ipc/register'
import type { Registrar } from './ipc/handle'
import { createMainWindow, installAppMenu, nativeConfirm, saveDialog } from './window'

if (!app.requestSingleInstanceLock()) app.quit()
else {
  let services: AppServices | undefined
  let win: BrowserWindow | undefined
  const channels: string[] = []
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore()
    win?.focus()
  })
  app.whenReady().then(async () => {
    const dir = process.env.NSM_HA_DOCTOR_HOME ?? app.getPath('userData')
    services = await createServices({ dir, appRoot: app.getAppPath(), confirm: nativeConfirm(() => win) })
    const registrar: Registrar = {
      handle(channel, fn) {
        channels.push(channel)
        ipcMain.handle(channel, (_event, args: unknown) => fn(args))
      }
    }
    registerAllIpc(registrar, services, (event, payload) => win?.webContents.send(event, payload), { choosePath: saveDialog(() => win) })
    installAppMenu()
    win = createMainWindow(join(dir, 'window-state.json'))
  })
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', () => {
    for (const c of channels) ipcMain.removeHandler(c)
    void services?.dispose()
  })
}
