/** A stub `window.api` for unit tests of one renderer state class (the module under test is imported after). */
import { vi } from 'vitest'

export function stubApi(api: Record<string, unknown>): void {
  vi.stubGlobal('window', { api })
}

export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}
