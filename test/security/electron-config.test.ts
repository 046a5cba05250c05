/**
 * Electron hardening, checked on the sources (TypeScript compiler API, no Electron started): fails when a
 * BrowserWindow loses contextIsolation or sandbox, enables nodeIntegration (or any other checklist
 * setting is loosened), when no Content-Security-Policy is set (renderer meta tag or session header) or
 * it allows inline/eval script, when navigation / window.open / permissions are not guarded, or when an
 * IPC channel of the contract has no runtime schema. Each rule is also shown to fire on a bad snippet.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  analyzeBrowserWindows,
  analyzeCsp,
  analyzeGuards,
  contractChannels,
  cspFromHtml,
  cspFromMainSource,
  schemaChannels
} from './electron-config'
import { RENDERER_INDEX, requireSystem } from '../helpers/system'

const ROOT = join(__dirname, '..', '..')
const MAIN_DIR = join(ROOT, 'src-main', 'main')
const ELECTRON_DIR = join(MAIN_DIR, 'electron')
const INDEX_HTML = join(ROOT, 'src-renderer', 'index.html')
const CONTRACT = join(ROOT, 'src-main', 'shared', 'ipc-contract.ts')
const SCHEMAS = join(ROOT, 'src-main', 'shared', 'ipc-schemas.ts')

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return tsFiles(p)
    return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [p] : []
  })
}

/** The Electron main-process files: electron/** (composition root, window, registrar, adapters) and ipc/** (not the services). */
function electronMainFiles(): string[] {
  return [...tsFiles(ELECTRON_DIR), ...tsFiles(join(MAIN_DIR, 'ipc'))]
}

describe('BrowserWindow webPreferences', () => {
  it('every BrowserWindow in the main process is isolated, sandboxed, without Node', () => {
    let windows = 0
    const findings: string[] = []
    for (const f of electronMainFiles()) {
      const a = analyzeBrowserWindows(readFileSync(f, 'utf8'), f.slice(ROOT.length + 1))
      windows += a.windows
      findings.push(...a.findings.map((x) => x.message))
    }
    expect(windows, 'no BrowserWindow found in src-main/main/electron/').toBeGreaterThan(0)
    expect(findings).toEqual([])
  })

  it('the rules fire: contextIsolation off, sandbox missing, nodeIntegration on, webSecurity off', () => {
    const bad = `
      const prefs = { contextIsolation: false, nodeIntegration: true, webSecurity: false, preload: 'p.js' }
      new BrowserWindow({ width: 10, webPreferences: prefs })`
    const rules = analyzeBrowserWindows(bad).findings.map((f) => f.rule)
    expect(rules).toEqual(expect.arrayContaining(['contextIsolation', 'sandbox', 'nodeIntegration', 'webSecurity']))
    expect(analyzeBrowserWindows('new BrowserWindow({ width: 1 })').findings.map((f) => f.rule)).toEqual(['webPreferences'])
    const good = `function secure() { return { contextIsolation: true, sandbox: true, nodeIntegration: false } }
      new BrowserWindow({ webPreferences: secure() })`
    expect(analyzeBrowserWindows(good).findings).toEqual([])
    expect(
      analyzeBrowserWindows(
        `new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, webviewTag: true } })`
      ).findings.map((f) => f.rule)
    ).toEqual(['webviewTag'])
  })
})

describe('Content-Security-Policy', () => {
  it('set in the renderer page and/or as a session header, and strict', () => {
    const meta = existsSync(INDEX_HTML) ? cspFromHtml(readFileSync(INDEX_HTML, 'utf8')) : undefined
    const header = electronMainFiles()
      .map((f) => cspFromMainSource(readFileSync(f, 'utf8')))
      .find((p) => p !== undefined)
    const policies = [meta, header].filter((p): p is string => p !== undefined)
    expect(policies.length, 'no CSP: neither a <meta http-equiv> in src-renderer/index.html nor a session header').toBeGreaterThan(0)
    for (const p of policies) expect(analyzeCsp(p), p).toEqual([])
  })

  // the bundle is a build product: without it the test skips with its reason, and fails under CI
  const bundle = requireSystem('renderer bundle (out/renderer)', existsSync(RENDERER_INDEX), 'npx electron-vite build')
  it.skipIf(!bundle.available)('the built renderer keeps the CSP meta tag', () => {
    const p = cspFromHtml(readFileSync(RENDERER_INDEX, 'utf8'))
    expect(p, 'out/renderer/index.html has no CSP meta').toBeDefined()
    expect(analyzeCsp(p as string)).toEqual([])
  })

  it('the rules fire: missing, unsafe-inline script, wildcard', () => {
    expect(cspFromHtml('<html><head><title>x</title></head></html>')).toBeUndefined()
    expect(analyzeCsp("default-src 'self'; script-src 'self' 'unsafe-inline'").map((f) => f.message)).toEqual([
      "CSP script-src allows 'unsafe-inline'"
    ])
    expect(analyzeCsp('default-src *').length).toBeGreaterThan(0)
    expect(analyzeCsp("img-src 'self'").map((f) => f.message)).toContain('CSP has no default-src')
    expect(
      cspFromMainSource(
        `session.defaultSession.webRequest.onHeadersReceived((d, cb) => cb({ responseHeaders: { ...d.responseHeaders, 'Content-Security-Policy': ["default-src 'none'"] } }))`
      )
    ).toBe("default-src 'none'")
  })
})

describe('navigation, new windows, permissions', () => {
  it('the main process denies window.open, blocks navigation and refuses permission requests', () => {
    const all = electronMainFiles()
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    expect(analyzeGuards(all).map((f) => f.message)).toEqual([])
  })

  it('the rules fire on an unguarded main process', () => {
    expect(analyzeGuards(`app.whenReady().then(() => new BrowserWindow({}).loadURL('http://example.com'))`).map((f) => f.rule)).toEqual([
      'window-open',
      'navigation',
      'permissions',
      'insecure-content'
    ])
  })
})

describe('IPC contract', () => {
  it('every channel of src-main/shared/ipc-contract.ts has a runtime schema in ipc-schemas.ts', () => {
    expect(existsSync(CONTRACT), 'src-main/shared/ipc-contract.ts missing').toBe(true)
    expect(existsSync(SCHEMAS), 'src-main/shared/ipc-schemas.ts missing').toBe(true)
    const contract = readFileSync(CONTRACT, 'utf8')
    const channels = contractChannels(contract)
    expect(channels.length, 'no channel names found in the contract').toBeGreaterThan(0)
    const withSchema = new Set(schemaChannels(readFileSync(SCHEMAS, 'utf8'), contract))
    expect(channels.filter((c) => !withSchema.has(c))).toEqual([])
  })

  it('the rule fires: a channel without a schema is reported', () => {
    const contract = `export const IPC = { listPairs: 'pairs:list', startRun: 'run:start', progress: 'run:progress' } as const`
    const schemas = `import * as v from 'valibot'
      export const SCHEMAS = { [IPC.listPairs]: v.object({}), 'run:start': v.object({ pairId: v.number() }), 'run:progress': undefined }`
    const have = new Set(schemaChannels(schemas, contract))
    expect(contractChannels(contract).filter((c) => !have.has(c))).toEqual(['run:progress'])
  })

  it('the preload exposes no raw ipcRenderer / Node objects', () => {
    const preloads = tsFiles(join(ROOT, 'src-main', 'preload'))
    expect(preloads.length).toBeGreaterThan(0)
    for (const f of preloads) {
      const src = readFileSync(f, 'utf8')
      expect(src, f).not.toMatch(/exposeInMainWorld\([^)]*,\s*(ipcRenderer|require|process)\s*\)/)
      expect(src, f).not.toMatch(/ipcRenderer\s*:\s*ipcRenderer/)
    }
  })
})
