/** The typed API the renderer sees as window.api: one named function per channel, events with unsubscribe. */
import type { AppError, Args, EventChannel, EventContract, InvokeChannel, Result } from '../shared/ipc-contract'
import { decodeInvokeError } from '../shared/ipc-error'

/** ipcRenderer.invoke's contract: resolves the result, rejects with Electron's "Error invoking remote method …" Error. */
export type Invoke = <C extends InvokeChannel>(channel: C, args: Args<C>) => Promise<Result<C>>
export type Subscribe = <E extends EventChannel>(event: E, cb: (payload: EventContract[E]) => void) => () => void

/**
 * The Error the page gets for a refused call: the AppError's text as its message. (The context bridge
 * copies only an Error's message into the page; `code` is there for callers inside the preload's world.)
 */
export function appErrorToError(e: AppError): Error & { code: AppError['code'] } {
  return Object.assign(new Error(e.message), { code: e.code })
}

/** Build the api object from an invoke/subscribe transport (ipcRenderer in Electron, HTTP+SSE in e2e). */
export function buildApi(rawInvoke: Invoke, on: Subscribe) {
  const invoke: Invoke = (channel, args) =>
    rawInvoke(channel, args).catch((err: unknown) => {
      throw appErrorToError(decodeInvokeError(err))
    })
  const call =
    <C extends InvokeChannel>(c: C) =>
    (args: Args<C>): Promise<Result<C>> =>
      invoke(c, args)
  return {
    pairs: {
      list: () => invoke('pairs:list', {}),
      get: call('pairs:get'),
      save: call('pairs:save'),
      delete: call('pairs:delete'),
      test: call('pairs:test')
    },
    hostkeys: { trust: call('hostkeys:trust') },
    secrets: { set: call('secrets:set'), clear: call('secrets:clear'), has: call('secrets:has') },
    runs: {
      start: call('runs:start'),
      cancel: call('runs:cancel'),
      list: call('runs:list'),
      get: call('runs:get'),
      trend: call('runs:trend'),
      lastHealthy: call('runs:last-healthy'),
      compare: call('runs:compare'),
      onProgress: (cb: (p: EventContract['run:progress']) => void) => on('run:progress', cb)
    },
    reports: { export: call('reports:export'), save: call('reports:save') },
    fixes: {
      plan: call('fixes:plan'),
      apply: call('fixes:apply'),
      onOutput: (cb: (p: EventContract['fix:output']) => void) => on('fix:output', cb)
    },
    fleet: {
      list: call('fleet:list'),
      check: call('fleet:check'),
      cancel: () => invoke('fleet:cancel', {}),
      onRun: (cb: (p: EventContract['fleet:run']) => void) => on('fleet:run', cb),
      onBatch: (cb: (p: EventContract['fleet:batch']) => void) => on('fleet:batch', cb),
      onOpenPair: (cb: (p: EventContract['app:open-pair']) => void) => on('app:open-pair', cb)
    },
    schedule: { get: () => invoke('schedule:get', {}), setDefault: call('schedule:set-default'), setPair: call('schedule:set-pair') },
    follow: {
      start: call('follow:start'),
      stop: call('follow:stop'),
      list: call('follow:list'),
      onSample: (cb: (p: EventContract['follow:sample']) => void) => on('follow:sample', cb),
      onEnd: (cb: (p: EventContract['follow:end']) => void) => on('follow:end', cb)
    },
    acks: { list: call('acks:list'), add: call('acks:add'), remove: call('acks:remove') },
    offline: { import: call('offline:import') },
    demo: {
      start: call('demo:start'),
      switch: call('demo:switch'),
      stop: () => invoke('demo:stop', {}),
      status: () => invoke('demo:status', {})
    }
  }
}

export type Api = ReturnType<typeof buildApi>
