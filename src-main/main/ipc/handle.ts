/** Typed registration: validate args with the channel's schema, call the handler, map errors to AppError once. */
import * as v from 'valibot'
import { SCHEMAS } from '../../shared/ipc-schemas'
import type { AppError, Args, EventChannel, EventContract, InvokeChannel, Result } from '../../shared/ipc-contract'
import { IpcError } from '../../shared/ipc-error'
import { errorLine } from '../../shared/error-line'
import { NotFoundError } from '../app/not-found'

/** Implemented by ipcMain (Electron) and by the test bridge (HTTP). */
export interface Registrar {
  handle(channel: string, fn: (args: unknown) => Promise<unknown>): void
}

/** Push events to the renderer (webContents.send in Electron, SSE in the bridge). */
export type Emit = <E extends EventChannel>(event: E, payload: EventContract[E]) => void

export { NotFoundError }

function toAppError(err: unknown): AppError {
  if (err instanceof IpcError) return err.appError
  if (err instanceof v.ValiError) return { code: 'invalid-args', message: err.issues.map((i) => i.message).join('; ') }
  if (err instanceof NotFoundError) return { code: 'not-found', message: err.message }
  return { code: 'failed', message: errorLine(err) }
}

/**
 * Register one channel; the handler gets validated args. A rejection is an IpcError: a real Error whose
 * message carries the AppError (code + text), because Electron hands the renderer only `String(err)`.
 */
export function handle<C extends InvokeChannel>(r: Registrar, channel: C, fn: (args: Args<C>) => Promise<Result<C>> | Result<C>): void {
  const schema = (SCHEMAS as Record<string, v.GenericSchema>)[channel]
  if (!schema) throw new Error(`no schema for ${channel}`)
  r.handle(channel, async (raw) => {
    try {
      const args = v.parse(schema, raw ?? {}) as Args<C>
      return await fn(args)
    } catch (err) {
      throw new IpcError(toAppError(err))
    }
  })
}
