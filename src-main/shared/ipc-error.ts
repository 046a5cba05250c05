/**
 * AppError across Electron's invoke. Electron sends a handler's rejection to the renderer as ONE string,
 * `String(err)` (ipc-dispatch: `error.toString()`), and ipcRenderer.invoke rejects with
 * `new Error("Error invoking remote method '<channel>': " + thatString)`. A plain object would arrive as
 * "[object Object]"; so main throws a real Error whose message is a fixed prefix + the AppError as JSON,
 * and the preload decodes it from the exact string Electron produces.
 */
import type { AppError } from './ipc-contract'

export const APP_ERROR_PREFIX = 'nsm-app-error:'
const CODES: readonly AppError['code'][] = ['invalid-args', 'not-found', 'failed']

/** The Error main throws from every IPC handler: message = prefix + JSON of {code, message}. */
export class IpcError extends Error {
  readonly code: AppError['code']
  readonly appError: AppError

  constructor(appError: AppError) {
    super(APP_ERROR_PREFIX + JSON.stringify({ code: appError.code, message: appError.message }))
    this.code = appError.code
    this.appError = { code: appError.code, message: appError.message }
  }
}

const INVOKE_PREFIX = /^Error invoking remote method '[^']*': /
// `String(err)` of an Error is "<name>: <message>" (name "Error" unless a subclass renamed it)
const ERROR_NAME = /^[A-Za-z_$][\w$]*: /

/**
 * The AppError in a rejected invoke: the Error ipcRenderer.invoke threw (or its message). Anything not
 * encoded by main (Electron's own "No handler registered for …", an old main) becomes code 'failed'
 * with the text Electron gave, never "[object Object]" silently turned into something else.
 */
export function decodeInvokeError(err: unknown): AppError {
  let text = err instanceof Error ? err.message : typeof err === 'string' ? err : String(err)
  text = text.replace(INVOKE_PREFIX, '')
  const bare = text.replace(ERROR_NAME, '')
  if (bare.startsWith(APP_ERROR_PREFIX)) {
    try {
      const parsed = JSON.parse(bare.slice(APP_ERROR_PREFIX.length)) as Partial<AppError>
      if (typeof parsed.message === 'string' && CODES.includes(parsed.code as AppError['code']))
        return { code: parsed.code as AppError['code'], message: parsed.message }
    } catch {
      // not ours after all: fall through to the plain text
    }
  }
  return { code: 'failed', message: bare }
}
