/**
 * Faults on the way to a node, against the simulator (real SSH server) through the real transport and
 * run orchestrator, each saved in a real SQLite store: node unreachable (closed port, an unused loopback
 * address, a server that never answers), auth refused, connection dropped mid-probe, a command hanging
 * past its timeout. Each gives a one-line reason on the node, the other node still checked, and a
 * completed run read back from SQLite.
 */
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_IDS, CHECK_STATUSES } from '../../src-main/shared/domain/check'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import type { RunReport } from '../../src-main/shared/domain/run'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { ed25519KeyPair } from '../../src-main/simulator/keys'
import type { AppStore } from '../../src-main/main/store/app-store'
import { startDelayProxy, type DelayProxy } from '../helpers/delay-proxy'
import { runAndSave, tempStore, type Store } from './helpers/run'

let sim: SimPair
let store: Store
let app: AppStore
let base: PairConfig

beforeAll(async () => {
  sim = await startSimPair()
  store = tempStore()
  app = await store.open()
  const cfg = sim.pairConfig('faults')
  base = {
    ...cfg,
    primary: { ...cfg.primary, auth: 'key', identityFile: sim.primary.clientKeyPath },
    secondary: { ...cfg.secondary, auth: 'key', identityFile: sim.secondary.clientKeyPath }
  }
})
afterAll(async () => {
  app?.close()
  store?.remove()
  await sim?.stop()
})

function closedPort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo
      s.close(() => res(port))
    })
  })
}

/** The common promise of every fault: a completed run, all checks, saved, with a one-line reason. */
function expectCompletedAndSaved(
  r: { report: RunReport; saved: RunReport | undefined },
  role: 'primary' | 'secondary',
  reason: RegExp
): void {
  const { report, saved } = r
  expect(report.state).toBe('completed')
  expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS])
  for (const c of report.checks) expect(CHECK_STATUSES).toContain(c.status)
  const node = report.nodes[role]
  expect(node.error, `${role} has a reason`).toBeDefined()
  expect(node.error!).not.toContain('\n')
  expect(node.error!).not.toMatch(/^\s*at /m)
  expect(node.error!).toMatch(reason)
  expect(report.checks.find((c) => c.id === 'sys.reachable')!.status).not.toBe('pass')
  const other = role === 'primary' ? 'secondary' : 'primary'
  expect(report.nodes[other].reachable, `${other} still checked`).toBe(true)
  expect(report.nodes[other].haStatus, `${other} facts collected`).toBeDefined()
  expect(saved, 'run read back from SQLite').toBeDefined()
  expect(saved!.state).toBe('completed')
  expect(saved!.nodes[role].error).toBe(node.error)
  expect(saved!.checks.length).toBe(CHECK_IDS.length)
}

describe('node unreachable', () => {
  it('closed port → "connection refused", run completed and saved', async () => {
    const pair = { ...base, secondary: { ...base.secondary, port: await closedPort() } }
    const r = await runAndSave(app, pair)
    expectCompletedAndSaved(r, 'secondary', /refused/i)
    expect(r.report.nodes.secondary.reachable).toBe(false)
  })

  it('an unused loopback address → refused, run completed and saved', async () => {
    const pair = { ...base, primary: { ...base.primary, host: '127.77.77.77', port: 22 } }
    const r = await runAndSave(app, pair)
    expectCompletedAndSaved(r, 'primary', /refused|unreachable|no SSH answer/i)
  })

  it('a server that accepts TCP and never speaks SSH → "no SSH answer … in time"', async () => {
    const silent: Server = createServer(() => {})
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', res))
    try {
      const pair = { ...base, secondary: { ...base.secondary, host: '127.0.0.1', port: (silent.address() as AddressInfo).port } }
      const r = await runAndSave(app, pair, { connect: { connectTimeoutMs: 2500 } })
      expectCompletedAndSaved(r, 'secondary', /no SSH answer|timed out|timeout/i)
    } finally {
      silent.close()
    }
  })
})

describe('auth refused', () => {
  it('a key the node does not know → "authentication refused", run completed and saved', async () => {
    const stranger = ed25519KeyPair()
    const file = join(sim.dir, 'stranger_ed25519')
    writeFileSync(file, stranger.private, { mode: 0o600 })
    const pair: PairConfig = { ...base, primary: { ...base.primary, auth: 'key', identityFile: file } }
    const r = await runAndSave(app, pair)
    expectCompletedAndSaved(r, 'primary', /authentication refused/i)
    expect(r.report.nodes.primary.error).not.toContain(stranger.private.slice(40, 80))
  })
})

describe('mid-probe failures', () => {
  const haStatus = (): string => join(sim.secondary.root, 'usr/netscreen/HaSvr/utils/haStatus')
  let original: string
  let proxy: DelayProxy | undefined
  beforeAll(() => {
    original = readFileSync(haStatus(), 'utf8')
  })
  afterEach(async () => {
    writeFileSync(haStatus(), original)
    chmodSync(haStatus(), 0o755)
    await proxy?.close()
    proxy = undefined
  })

  /** haStatus on the secondary announces itself (a marker file) then hangs. */
  function hangHaStatus(): string {
    const marker = join(sim.dir, `hang-${Date.now()}`)
    writeFileSync(haStatus(), `#!/bin/sh\ntouch '${marker}'\nsleep 120\n`)
    chmodSync(haStatus(), 0o755)
    return marker
  }

  async function waitFor(file: string): Promise<void> {
    for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50))
    if (!existsSync(file)) throw new Error(`${file} never appeared`)
  }

  it('connection dropped mid-probe (the link cut while haStatus runs) → one-line reason, run completed and saved', async () => {
    proxy = await startDelayProxy({ target: { host: sim.secondary.host, port: sim.secondary.port } })
    const marker = hangHaStatus()
    const pair = { ...base, secondary: { ...base.secondary, host: proxy.host, port: proxy.port } }
    const running = runAndSave(app, pair)
    await waitFor(marker)
    proxy.cutAll()
    const r = await running
    expectCompletedAndSaved(r, 'secondary', /interrupt|closed|lost|reset|ended|dropped|without an exit code/i)
  })

  it('a command hanging past its timeout (haStatus never returns) → the probe’s own limit cuts it, the check says so, run completed and saved', async () => {
    hangHaStatus()
    const r = await runAndSave(app, base)
    const { report, saved } = r
    expect(report.state).toBe('completed')
    expect(saved?.state).toBe('completed')
    expect(report.nodes.secondary.reachable).toBe(true)
    expect(report.nodes.primary.haStatus).toBeDefined()
    // the heartbeat is read from haStatus only: not pass, and it says haStatus ran out of time
    const heartbeat = report.checks.find((c) => c.id === 'ha.heartbeat')!
    expect(heartbeat.status, heartbeat.summary).not.toBe('pass')
    const text = `${heartbeat.summary} ${heartbeat.evidence.map((e) => e.excerpt).join(' ')}`
    expect(text).toMatch(/secondary: haStatus unavailable \(haStatus did not answer within its time limit/)
    // the services are still decided, from a source other than the hung haStatus, which is named
    const services = report.checks.find((c) => c.id === 'ha.services')!
    expect(services.summary).not.toMatch(/secondary: [^;]*\(haStatus/)
  }, 90_000)
})

describe('secrets after all these runs', () => {
  it('the SQLite file (+wal/shm) of the store holds no secret of the pair', () => {
    app.db.pragma('wal_checkpoint(PASSIVE)')
    const files = readdirSync(store.dir).map((f) => join(store.dir, f))
    expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true)
    const secrets = [sim.secrets.hmacKey, sim.secrets.oneTimePassword, sim.secrets.password].filter((x) => x.length >= 4)
    for (const f of files) {
      const bytes = readFileSync(f)
      for (const s of secrets) {
        expect(bytes.includes(Buffer.from(s)), `${f} contains a secret`).toBe(false)
        expect(bytes.includes(Buffer.from(s, 'utf16le')), `${f} contains a secret (utf16)`).toBe(false)
      }
    }
    // and the runs are really there (the scan looked at real data)
    // one saved run per test above
    expect(app.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 6 })
    expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })
})
