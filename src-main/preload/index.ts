import { contextBridge, ipcRenderer } from 'electron'
import { buildApi } from './api'

// Named functions only: no ipcRenderer, no channel strings reach the page.
// buildApi decodes the AppError main encoded into Electron's "Error invoking remote method …" rejection
const api = buildApi(
  (channel, args) => ipcRenderer.invoke(channel, args),
  (event, cb) => {
    const listener = (_e: Electron.IpcRendererEvent, payload: Parameters<typeof cb>[0]): void => cb(payload)
    ipcRenderer.on(event, listener)
    return () => ipcRenderer.removeListener(event, listener)
  }
)
contextBridge.exposeInMainWorld('api', api)
