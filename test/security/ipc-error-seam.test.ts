/**
 * The IPC error seam as Electron 39 has it: main's ipc-dispatch replies to a rejected handler with ONE
 * string, `error.toString()`; ipcRenderer.invoke rejects with
 * `new Error("Error invoking remote method '<channel>': " + thatString)`; the context bridge hands the
 * page a new Error with only the message. A refusal from the real handlers must arrive in the page with
 * its own words (and its code inside the preload), never as "[object Object]".
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type MainApp } from '../../src-main/main/app/services'
import { registerAllIpc } from '../../src-main/main/ipc/register'
import { buildApi } from '../../src-main/preload/api'
import { APP_ERROR_PREFIX, decodeInvokeError, IpcError } from '../../src-main/shared/ipc-error'
import type { Args, InvokeChannel, Result } from '../../src-main/shared/ipc-contract'
import { contextBridgeCopy, electronInvokeRejection, electronReplyError } from '../e2e/bridge'

describe('decode of the exact string Electron produces', () => {
  it('a handler refusal: "Error invoking remote method \'runs:start\': Error: <prefix>{json}"', () => {
    const electron = `Error invoking remote method 'runs:start': Error: ${APP_ERROR_PREFIX}{"code":"failed","message":"a run of this pair is already in progress"}`
    expect(decodeInvokeError(new Error(electron))).toEqual({ code: 'failed', message: 'a run of this pair is already in progress' })
    // the same when only the message string is at hand
    expect(decodeInvokeError(electron)).toEqual({ code: 'failed', message: 'a run of this pair is already in progress' })
  })

  it('text with quotes, a colon-laden channel, newlines and unicode survives; the encoded message is one line', () => {
    const e = new IpcError({ code: 'not-found', message: 'host key of "nsm-a":22 CHANGED — refused\nsecond line' })
    expect(e).toBeInstanceOf(Error)
    expect(e.message).not.toContain('\n')
    const wire = electronInvokeRejection('hostkeys:trust', electronReplyError(e))
    expect(wire.message.startsWith("Error invoking remote method 'hostkeys:trust': Error: nsm-app-error:")).toBe(true)
    expect(decodeInvokeError(wire)).toEqual({ code: 'not-found', message: 'host key of "nsm-a":22 CHANGED — refused\nsecond line' })
  })

  it("Electron's own rejections (no handler) and foreign text come back as code 'failed' with the text", () => {
    const noHandler = electronInvokeRejection('pairs:nope', electronReplyError(new Error("No handler registered for 'pairs:nope'")))
    expect(decodeInvokeError(noHandler)).toEqual({ code: 'failed', message: "No handler registered for 'pairs:nope'" })
    expect(decodeInvokeError(new Error(`Error invoking remote method 'x': Error: ${APP_ERROR_PREFIX}{not json`))).toEqual({
      code: 'failed',
      message: `${APP_ERROR_PREFIX}{not json`
    })
    expect(
      decodeInvokeError(new Error(`Error invoking remote method 'x': Error: ${APP_ERROR_PREFIX}{"code":"root","message":"x"}`)).code
    ).toBe('failed')
  })
})

describe('real handlers → Electron reply → preload → context bridge → page', () => {
  let dir: string
  let app: MainApp
  const handlers = new Map<string, (args: unknown) => Promise<unknown>>()
  /** ipcRenderer.invoke over the real handlers, byte for byte what Electron does with a rejection */
  const electronInvoke = async <C extends InvokeChannel>(channel: C, args: Args<C>): Promise<Result<C>> => {
    const fn = handlers.get(channel)
    if (!fn) throw electronInvokeRejection(channel, electronReplyError(new Error(`No handler registered for '${channel}'`)))
    try {
      return (await fn(args)) as Result<C>
    } catch (err) {
      throw electronInvokeRejection(channel, electronReplyError(err))
    }
  }
  const preloadApi = () => buildApi(electronInvoke, () => () => undefined)
  /** what the page sees: the rejection after the context bridge copied it */
  const inPage = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => 'resolved',
      (e: unknown) => contextBridgeCopy(e)
    )

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nsm-ipc-seam-'))
    app = await createApp({ dir })
    registerAllIpc({ handle: (c, fn) => void handlers.set(c, fn) }, app.services, () => undefined)
  })
  afterAll(async () => {
    await app?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('a not-found refusal reaches the page with its message; the preload also keeps its code', async () => {
    const api = preloadApi()
    const seenByPreload = await api.pairs.get({ id: 4242 }).then(
      () => undefined,
      (e: Error & { code?: string }) => e
    )
    expect(seenByPreload?.message).toBe('no pair 4242')
    expect(seenByPreload?.code).toBe('not-found')
    const page = await inPage(preloadApi().pairs.get({ id: 4242 }))
    expect(page).toBeInstanceOf(Error)
    expect((page as Error).message).toBe('no pair 4242')
    expect((page as Error).message).not.toContain('[object Object]')
  })

  it('a service refusal (a name already taken) and an invalid-args refusal keep their words', async () => {
    const api = preloadApi()
    const pair = {
      name: 'lab',
      primary: { host: '127.0.0.1', port: 2201, user: 'admin', auth: 'password' as const, sudo: 'none' as const },
      secondary: { host: '127.0.0.1', port: 2202, user: 'admin', auth: 'password' as const, sudo: 'none' as const },
      paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' },
      tags: [],
      notes: ''
    }
    await api.pairs.save({ pair })
    const taken = (await inPage(api.pairs.save({ pair }))) as Error
    expect(taken.message).toBe('a pair named "lab" already exists')
    const bad = (await inPage(api.pairs.get({ id: -1 } as never))) as Error
    expect(bad.message).toMatch(/Invalid value|minimum|>=1/i)
    expect(bad.message).not.toMatch(/object Object|nsm-app-error/)
  })
})
