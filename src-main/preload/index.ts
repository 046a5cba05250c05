import { contextBridge, ipcRenderer } from 'electron'
import { buildApi } from './api'

// Named functions only: no ipcRenderer, no channel strings reach the page.
const api = buildApi(
  async (channel, args) => {
    try {
      return await ipcRenderer.invoke(channel, args)
    } catch (err) {
      // Electron wraps rejections: recover the AppError message
      throw new Error(String((err as Error).message).replace(/^Error invoking remote method '[^']+': (Error: )?/, ''))
    }
  },
  (event, cb) => {
    const listener = (_e: Electron.IpcRendererEvent, payload: Parameters<typeof cb>[0]): void => cb(payload)
    ipcRenderer.on(event, listener)
    return () => ipcRenderer.removeListener(event, listener)
  }
)
contextBridge.exposeInMainWorld('api', api)
