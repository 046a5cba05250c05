import { setMaxListeners } from 'node:events'

/**
 * An abort controller whose signal many runs may listen to at once (check --all, serve-metrics: every
 * run in the pool and each of its connections listens; the default limit of 10 would print a warning).
 */
export function sharedAbortController(): AbortController {
  const controller = new AbortController()
  setMaxListeners(1000, controller.signal)
  return controller
}

/** Ctrl-C and SIGTERM for a command that runs checks: abort them; the runs are kept as cancelled. */
export async function withSignals<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = sharedAbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    return await fn(controller.signal)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
