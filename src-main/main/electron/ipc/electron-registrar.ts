/**
 * The Registrar over Electron's ipcMain: every invoke is answered only when it comes from the app's own
 * top-level frame (event.senderFrame: app://nsm-ha-doctor/…, or the dev server in a dev build); any
 * other sender gets a refusal before its arguments are even validated. No Electron import: ipcMain is
 * passed in, so the check is tested without Electron.
 */
import { IpcError } from '../../../shared/ipc-error'
import { isTrustedSender, type SenderFrame } from '../electron-policy'
import type { Registrar } from '../../ipc/handle'

/** What the registrar uses of Electron's ipcMain and its invoke event. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => unknown): void
}

export function electronRegistrar(ipcMain: IpcMainLike, opts: { devServerUrl?: string; channels?: string[] } = {}): Registrar {
  return {
    handle(channel, fn) {
      opts.channels?.push(channel)
      ipcMain.handle(channel, (event, args) => {
        if (!isTrustedSender(event.senderFrame, opts.devServerUrl)) {
          throw new IpcError({ code: 'failed', message: `refused: ${channel} was not sent by the app's own window` })
        }
        return fn(args)
      })
    }
  }
}
