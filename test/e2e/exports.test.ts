/**
 * Exports through reports:save: in Chromium (real handlers bridged, the simulator as target, SQLite in a
 * temp dir) the Support bundle button makes main render the zip and write it where the host's save
 * function says (the bridge's stand-in for Electron's save dialog: <temp>/exports); the zip is unpacked
 * and its entries checked and searched for the demo pair's secrets. The same handlers without a browser:
 * a cancelled save writes nothing, a bad format is refused by the schema.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { demoSecrets } from './demo-secrets'
import { createApp } from '../../src-main/main/app/services'
import { registerAllIpc } from '../../src-main/main/ipc/register'

const gate = requireChromium()

describe.skipIf(!gate.available)('exports in Chromium: support bundle and text reports saved by main', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    session = await startAppSession('nsm-ui-exports-', errors)
    ;({ bridge, page } = session)
    // a broken scenario: evidence and events of both nodes end up in the bundle
    await page.getByTestId('scenario').selectOption('hmac-mismatch')
    await page.getByTestId('demo-start').click()
    await page.getByTestId('pair').first().waitFor({ timeout: 60_000 })
    await page.getByTestId('run').click()
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 })
  }, 120_000)

  afterAll(async () => {
    await session?.close()
  })

  it('the Support bundle button saves the zip; its entries are the run, the report, both nodes’ configs and logs, without secrets', async () => {
    await page.getByTestId('export-bundle').click()
    const msg = page.getByTestId('export-msg')
    await msg.waitFor()
    const text = (await msg.textContent()) ?? ''
    const m = /^saved (\/\S+\.zip) \((\d+(?:\.\d)?) (B|KiB|MiB)\)$/.exec(text.trim())
    expect(m, `export message: ${text}`).not.toBeNull()
    const path = (m as RegExpExecArray)[1]
    expect(path.startsWith(bridge.exportDir)).toBe(true)
    const bytes = readFileSync(path)
    const [shown, unit] = [(m as RegExpExecArray)[2], (m as RegExpExecArray)[3]]
    // the size shown is the file's, in the one byte format of the product (1024-based, one decimal below 10 of a
    // unit, whole from 10 on)
    const per = { B: 1, KiB: 1024, MiB: 1024 * 1024 }[unit as 'B' | 'KiB' | 'MiB']
    expect(Math.abs(bytes.length / per - Number(shown))).toBeLessThanOrEqual(unit === 'B' ? 0 : Number(shown) >= 10 ? 0.5 : 0.05)
    expect(statSync(path).mode & 0o077).toBe(0)
    const entries = unzipSync(new Uint8Array(bytes))
    const names = Object.keys(entries).sort()
    expect(names).toEqual(
      expect.arrayContaining([
        'README.txt',
        'run.json',
        'report.md',
        'configs/primary/haSvr.cfg',
        'configs/secondary/haSvr.cfg',
        'logs/evidence.txt'
      ])
    )
    const run = JSON.parse(strFromU8(entries['run.json'])) as {
      checks: { id: string; status: string }[]
    }
    expect(run.checks.find((c) => c.id === 'cfg.hmac-key')?.status).toBe('fail')
    expect(strFromU8(entries['README.txt'])).toContain('Demo pair (simulator)')
    // the key is masked in both configs (its line is there, its value is not)
    for (const role of ['primary', 'secondary']) expect(strFromU8(entries[`configs/${role}/haSvr.cfg`])).toMatch(/highAvail\.HMACKey/)
    const secrets = demoSecrets(bridge)
    expect(secrets.length).toBeGreaterThanOrEqual(3) // two different HMAC keys + the one-time password
    for (const name of names) {
      const body = strFromU8(entries[name])
      for (const s of secrets) expect(body.includes(s), `${name} holds a demo secret`).toBe(false)
    }
  }, 60_000)

  it('the text exports go through the same save path (HTML, Markdown, JSON land as files)', async () => {
    for (const [format, ext] of [
      ['html', 'html'],
      ['markdown', 'md'],
      ['json', 'json']
    ] as const) {
      await page.getByTestId(`export-${format}`).click()
      await page
        .getByTestId('export-msg')
        .filter({ hasText: new RegExp(`\\.${ext} \\(`) })
        .waitFor()
    }
    const files = readdirSync(bridge.exportDir).sort()
    expect(files.map((f) => f.replace(/^.*\./, '')).sort()).toEqual(['html', 'json', 'md', 'zip'])
    const html = readFileSync(join(bridge.exportDir, files.find((f) => f.endsWith('.html')) as string), 'utf8')
    expect(html).toContain('cfg.hmac-key')
    const secrets = demoSecrets(bridge)
    for (const f of files.filter((x) => !x.endsWith('.zip'))) {
      const body = readFileSync(join(bridge.exportDir, f), 'utf8')
      for (const s of secrets) expect(body.includes(s), `${f} holds a demo secret`).toBe(false)
    }
    expect(errors).toEqual([])
  }, 60_000)
})

describe('reports:save without a browser (real handlers and SQLite)', () => {
  it('a cancelled save dialog writes nothing; a host without a save function and a bad format are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nsm-ui-save-'))
    const app = await createApp({ dir })
    try {
      const demo = await app.services.demo.demoStart('healthy')
      try {
        const run = await app.services.runs.start(demo.pairId as number, () => undefined)
        const runId = run.runId as number
        expect(app.store.history.getRun(runId)).toBeTruthy()
        const asked: string[] = []
        const handlers = new Map<string, (a: unknown) => Promise<unknown>>()
        registerAllIpc({ handle: (c, fn) => void handlers.set(c, fn) }, app.services, () => undefined, {
          choosePath: async (name, format) => (asked.push(`${format}:${name}`), null)
        })
        const save = handlers.get('reports:save') as (a: unknown) => Promise<{ saved: boolean; fileName: string }>
        const r = await save({ runId, format: 'bundle' })
        expect(r).toEqual({
          saved: false,
          fileName: expect.stringMatching(/^Demo-pair-simulator-\d{8}-\d{6}\.zip$/)
        })
        expect(asked).toEqual([`bundle:${r.fileName}`])
        expect(readdirSync(dir).filter((f) => f.endsWith('.zip'))).toEqual([])
        await expect(save({ runId, format: 'exe' })).rejects.toMatchObject({ code: 'invalid-args' })
        await expect(save({ runId, format: 'bundle', path: '/tmp/x.zip' })).rejects.toMatchObject({
          code: 'invalid-args'
        })
        const bare = new Map<string, (a: unknown) => Promise<unknown>>()
        registerAllIpc({ handle: (c, fn) => void bare.set(c, fn) }, app.services, () => undefined)
        await expect((bare.get('reports:save') as (a: unknown) => Promise<unknown>)({ runId, format: 'json' })).rejects.toMatchObject({
          // the AppError travels inside the Error's message (Electron keeps only that); here as sent
          appError: { code: 'failed', message: 'saving files is not available in this host' }
        })
      } finally {
        await app.services.demo.demoStop()
      }
    } finally {
      await app.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
