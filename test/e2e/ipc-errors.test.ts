/**
 * A refusal's own words reach the UI through the transport as Electron has it (the bridge delivers a
 * rejection as Electron's one string, the preload decodes it, the context bridge copies the message):
 * saving a pair under a name already taken shows main's sentence in the form, not "[object Object]".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession } from './bridge'

const gate = requireChromium()

describe.skipIf(!gate.available)('IPC refusals reach the UI with their message (Chromium)', () => {
  let session: AppSession
  const errors: string[] = []

  beforeAll(async () => {
    session = await startAppSession('nsm-ui-ipc-errors-', errors, async (bridge) => {
      bridge.store.pairs.save({
        name: 'lab',
        primary: { host: '127.0.0.1', port: 2201, user: 'admin', auth: 'password', sudo: 'none' },
        secondary: { host: '127.0.0.1', port: 2202, user: 'admin', auth: 'password', sudo: 'none' },
        paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' },
        tags: [],
        notes: ''
      })
    })
  }, 60_000)

  afterAll(async () => {
    await session?.close()
  })

  it('saving a second pair named "lab" shows main\'s refusal in the form', async () => {
    const { page } = session
    const tid = (id: string) => page.getByTestId(id)
    await tid('add-pair').click()
    await tid('f-name').fill('lab')
    await tid('f-p-host').fill('127.0.0.1')
    await tid('f-p-port').fill('2301')
    await tid('f-s-host').fill('127.0.0.1')
    await tid('f-s-port').fill('2302')
    await tid('f-user').fill('admin')
    await tid('f-save').click()
    await tid('f-error').waitFor()
    expect(await tid('f-error').textContent()).toBe('a pair named "lab" already exists')
  }, 60_000)

  it('the page gets an Error whose message is the refusal (as the context bridge copies it)', async () => {
    const got = await session.page.evaluate(async () => {
      try {
        await (globalThis as unknown as { api: { pairs: { get(a: { id: number }): Promise<unknown> } } }).api.pairs.get({ id: 4242 })
        return { resolved: true }
      } catch (e) {
        return { isError: e instanceof Error, message: (e as Error).message, code: (e as { code?: string }).code ?? null }
      }
    })
    // the context bridge keeps only the message of an Error
    expect(got).toEqual({ isError: true, message: 'no pair 4242', code: null })
  })
})
