/**
 * A compromised renderer with direct IPC access (the raw invoke of the e2e bridge: the same handlers as
 * Electron's ipcMain, rejections as Electron delivers them) tries to get a stored password sent to a
 * server of its choosing, step by step. The attacker's server is a real SSH server on loopback that
 * records every login attempt; the victim pair is the simulator (real SSH, real SQLite, the app's secret
 * store). Each step: the attack, then what the attacker's server received — never a password.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Server, utils } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import type { Args, InvokeChannel, Result } from '../../src-main/shared/ipc-contract'
import { decodeInvokeError } from '../../src-main/shared/ipc-error'
import { electronInvokeRejection, startBridge, type Bridge } from '../e2e/bridge'
import { startTcpProxy, type TcpProxy } from '../e2e/tcp-proxy'
import { run as checkCli } from '../../src-main/cli/commands/check'

interface Attempt {
  method: string
  user: string
  password?: string
}

/** The attacker's SSH server: any host key, records each authentication attempt, accepts none. */
async function startRecordingSshServer(): Promise<{ port: number; attempts: Attempt[]; close(): void }> {
  const attempts: Attempt[] = []
  const hostKey = utils.generateKeyPairSync('ecdsa', { bits: 256 }).private
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    client.on('authentication', (ctx) => {
      attempts.push({ method: ctx.method, user: ctx.username, ...(ctx.method === 'password' ? { password: ctx.password } : {}) })
      ctx.reject(['password', 'publickey', 'keyboard-interactive'])
    })
    client.on('error', () => undefined)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return { port: (server.address() as { port: number }).port, attempts, close: () => void server.close() }
}

describe('a compromised renderer cannot get a stored password sent to its own server', () => {
  let dir: string
  let bridge: Bridge
  let sim: SimPair
  let attacker: Awaited<ReturnType<typeof startRecordingSshServer>>
  let proxy1: TcpProxy
  let proxy2: TcpProxy
  const host = '127.0.0.1'

  /** raw IPC as the page has it in Electron: reject → decode the AppError the handler sent */
  async function invoke<C extends InvokeChannel>(channel: C, args: Args<C>): Promise<Result<C>> {
    const r = await fetch(`${bridge.url}ipc/${encodeURIComponent(channel)}`, { method: 'POST', body: JSON.stringify(args) })
    const { error, result } = (await r.json()) as { error?: string; result: Result<C> }
    if (error) {
      const e = decodeInvokeError(electronInvokeRejection(channel, error))
      throw Object.assign(new Error(e.message), { code: e.code })
    }
    return result
  }
  const refusal = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'resolved',
      (e: Error) => e.message
    )
  const passwordsReceived = (): string[] => attacker.attempts.flatMap((a) => (a.password ? [a.password] : []))

  /** a victim pair (primary behind `proxy`), its keys trusted and its password stored, as the admin left it */
  async function victim(name: string, proxy: TcpProxy): Promise<{ id: number; pair: PairConfig }> {
    const cfg = sim.pairConfig(name)
    const pair: PairConfig = { ...cfg, primary: { ...cfg.primary, host, port: proxy.port } }
    const { id } = await invoke('pairs:save', { pair })
    for (const role of ['primary', 'secondary'] as const)
      await invoke('secrets:set', { pairId: id, role, kind: 'password', value: sim.secrets.password })
    const t = await invoke('pairs:test', { pairId: id })
    for (const k of t.nodes.flatMap((n) => n.hostKeys)) await invoke('hostkeys:trust', { host: k.host, port: k.port, sha256: k.sha256 })
    const ok = await invoke('pairs:test', { pairId: id })
    expect(ok.nodes.map((n) => n.auth.ok)).toEqual([true, true])
    return { id, pair: { ...pair, id } }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nsm-renderer-chain-'))
    bridge = await startBridge(dir)
    sim = await startSimPair({ scenario: 'healthy' })
    attacker = await startRecordingSshServer()
    proxy1 = await startTcpProxy(sim.primary, host)
    proxy2 = await startTcpProxy(sim.primary, host)
  }, 90_000)

  afterAll(async () => {
    await proxy1?.close()
    await proxy2?.close()
    attacker?.close()
    // deleting the pairs also deletes their keychain entries
    for (const p of bridge ? await invoke('pairs:list', {}) : []) await invoke('pairs:delete', { id: p.id }).catch(() => undefined)
    await bridge?.close()
    await sim?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it("pairs:save moving a node to the attacker drops that node's stored secrets: test, trust (a new key) and run send it nothing", async () => {
    const { id, pair } = await victim('victim one', proxy1)
    attacker.attempts.length = 0
    const moved: PairConfig = { ...pair, primary: { ...pair.primary, host, port: attacker.port } }
    const saved = await invoke('pairs:save', { pair: moved })
    // the rest of the chain: test the moved pair, trust the attacker's (new) key, run
    const t = await invoke('pairs:test', { pairId: id })
    const key = t.nodes[0].hostKeys[0]
    expect(key).toMatchObject({ port: attacker.port, state: 'new' })
    await invoke('hostkeys:trust', { host, port: attacker.port, sha256: key.sha256 })
    const run = await invoke('runs:start', { pairId: id })
    expect(run.nodes.primary.reachable).toBe(false)
    // the run did reach the attacker's server and tried to log in there — without the password
    expect(attacker.attempts.length).toBeGreaterThan(0)
    expect(passwordsReceived()).toEqual([])
    // what changed in main: the moved node's secrets are gone, the other node's are kept
    expect(saved.secretsDropped).toEqual(['primary'])
    expect((await invoke('secrets:has', { pairId: id, role: 'primary', kind: 'password' })).has).toBe(false)
    expect((await invoke('secrets:has', { pairId: id, role: 'secondary', kind: 'password' })).has).toBe(true)
    // the secondary, not moved, still logs in with its stored password
    expect(run.nodes.secondary.reachable).toBe(true)
  }, 120_000)

  it("a changed key (the attacker in the middle) is replaced only after main's own dialog, which shows host, algorithm and both fingerprints; declined → pin kept, nothing sent", async () => {
    const { id } = await victim('victim two', proxy2)
    const pinned = sim.primary.hostKeySha256
    proxy2.retarget(host, attacker.port)
    attacker.attempts.length = 0
    bridge.confirmations.length = 0
    bridge.onConfirm = () => false
    const t = await invoke('pairs:test', { pairId: id })
    const key = t.nodes[0].hostKeys[0]
    expect(key).toMatchObject({ state: 'changed', pinned })
    // the renderer knows the host name, so it "types" it
    const why = await refusal(invoke('hostkeys:trust', { host, port: proxy2.port, sha256: key.sha256, confirmHost: host }))
    const run = await invoke('runs:start', { pairId: id })
    expect(passwordsReceived()).toEqual([])
    expect(run.nodes.primary.hostKeyProblem).toBe('changed')
    expect(why).toBe(`replacing the pinned host key of ${host}:${proxy2.port} was not confirmed: the old pin is kept`)
    expect(bridge.store.hostKeys.get(host, proxy2.port)).toBe(pinned)
    // what main showed
    expect(bridge.confirmations).toHaveLength(1)
    const shown = bridge.confirmations[0]
    expect(shown.req).toMatchObject({
      kind: 'replace-host-key',
      host,
      port: proxy2.port,
      keyType: key.keyType,
      offered: key.sha256,
      pinned,
      pinnedKeyType: 'ssh-ed25519',
      pairs: ['victim two']
    })
    for (const part of [`${host}:${proxy2.port}`, key.keyType, key.sha256, pinned])
      expect(`${shown.text.message}\n${shown.text.detail}`).toContain(part)
    // the admin, having checked the console, confirms: the pin is replaced
    bridge.onConfirm = () => true
    expect(await invoke('hostkeys:trust', { host, port: proxy2.port, sha256: key.sha256, confirmHost: host })).toEqual({
      pinned: key.sha256,
      replaced: pinned
    })
    expect(bridge.confirmations).toHaveLength(2)
    proxy2.retarget(sim.primary.host, sim.primary.port)
  }, 120_000)

  it("a destructive fix with the typed pair name (which the renderer knows) runs only after main's dialog, which names the nodes and what is destroyed; declined → nothing ran", async () => {
    const demo = await invoke('demo:start', { scenario: 'db-panic' })
    const pairId = demo.pairId as number
    const run = await invoke('runs:start', { pairId })
    const args = { pairId, fixId: 'fix.resync-standby' as const, runId: run.runId as number, options: { waitSeconds: 5 } }
    const plan = await invoke('fixes:plan', args)
    expect(plan.destructive).toBe(true)
    expect(plan.ready).toBe(true)
    bridge.confirmations.length = 0
    bridge.onConfirm = () => false
    const outcome = await invoke('fixes:apply', { ...args, confirmation: plan.confirmationRequired ?? '' })
    expect(outcome.steps).toEqual([])
    expect(outcome.status).toBe('refused')
    expect(outcome.message).toMatch(/not confirmed in the confirmation dialog/)
    expect(outcome.stateLeft).toBe('unchanged: nothing was run')
    expect(bridge.confirmations).toHaveLength(1)
    const shown = bridge.confirmations[0]
    expect(shown.req).toMatchObject({ kind: 'destructive-fix', pairName: plan.pair.name, title: plan.title, destroys: plan.destroys })
    expect(plan.destroys.length).toBeGreaterThan(0)
    const words = `${shown.text.message}\n${shown.text.detail}`
    for (const part of [plan.pair.name, ...plan.destroys]) expect(words).toContain(part)
    const standby = plan.steps[0].node
    expect(words).toContain(`${standby} ${standby === 'primary' ? plan.pair.primary : plan.pair.secondary}`)
    // no confirmation is asked while the typed gates are not met (applyFix refuses with its own reason)
    const untyped = await invoke('fixes:apply', args)
    expect(untyped.status).toBe('refused')
    expect(bridge.confirmations).toHaveLength(1)
    bridge.onConfirm = () => true
  }, 180_000)

  it("a pair the renderer adds is not trusted without main's dialog, and check --all --password-env sends it nothing", async () => {
    // the admin's own pair, keys confirmed in main's dialog
    const { id: victimId } = await invoke('pairs:save', { pair: { ...sim.pairConfig('victim three') } }).then(async ({ id }) => {
      const t = await invoke('pairs:test', { pairId: id })
      bridge.onConfirm = () => true
      for (const k of t.nodes.flatMap((n) => n.hostKeys)) await invoke('hostkeys:trust', { host: k.host, port: k.port, sha256: k.sha256 })
      return { id }
    })
    // a server of the attacker's whose key nothing has pinned yet
    const own = await startRecordingSshServer()
    onTestFinished(() => own.close())
    // the renderer adds a pair of its own on the attacker's server and trusts its key; main asks the admin, who declines
    const cfg = sim.pairConfig('added by the page')
    const { id } = await invoke('pairs:save', { pair: { ...cfg, primary: { ...cfg.primary, host, port: own.port } } })
    const t = await invoke('pairs:test', { pairId: id })
    const key = t.nodes[0].hostKeys[0]
    expect(key).toMatchObject({ port: own.port, state: 'new' })
    bridge.confirmations.length = 0
    bridge.onConfirm = () => false
    const why = await refusal(invoke('hostkeys:trust', { host, port: own.port, sha256: key.sha256 }))
    expect(why).toBe(`trusting the host key of ${host}:${own.port} was not confirmed: nothing was pinned`)
    expect(bridge.store.hostKeys.get(host, own.port)).toBeUndefined()
    expect(bridge.confirmations).toHaveLength(1)
    expect(bridge.confirmations[0].req).toMatchObject({
      kind: 'trust-host-key',
      host,
      port: own.port,
      offered: key.sha256,
      pairs: ['added by the page']
    })
    for (const part of [`${host}:${own.port}`, key.sha256, key.keyType]) expect(bridge.confirmations[0].text.detail).toContain(part)
    bridge.onConfirm = () => true

    // the admin checks every pair with one password from the environment, even accepting new keys
    const savedHome = process.env.NSM_HA_DOCTOR_HOME
    const write = process.stdout.write.bind(process.stdout)
    let printed = ''
    process.env.NSM_HA_DOCTOR_HOME = dir
    process.env.NSMHAD_FLEET_PW = sim.secrets.password
    process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write
    const error = console.error
    const said: string[] = []
    console.error = (...a: unknown[]) => void said.push(a.join(' '))
    try {
      await checkCli(['--all', '--password-env', 'NSMHAD_FLEET_PW', '--accept-new-host-keys', '--no-save', '--format', 'json'])
    } finally {
      process.stdout.write = write
      console.error = error
      if (savedHome === undefined) delete process.env.NSM_HA_DOCTOR_HOME
      else process.env.NSM_HA_DOCTOR_HOME = savedHome
      delete process.env.NSMHAD_FLEET_PW
    }
    // the attacker's server was reached (its key pinned on the command line) but got no password
    expect(own.attempts.length).toBeGreaterThan(0)
    expect(own.attempts.flatMap((x) => (x.password ? [x.password] : []))).toEqual([])
    // the admin's own pair got the password and was checked
    const reports = JSON.parse(printed) as { pair: { id?: number; name: string }; nodes: { primary: { reachable: boolean } } }[]
    expect(reports.find((r) => r.pair.name === 'victim three')?.nodes.primary.reachable).toBe(true)
    expect(victimId).toBeGreaterThan(0)
    // and the admin is told why, in one line
    expect(said).toContain(
      `nsm-ha-doctor check: the --password-env password is not offered to "added by the page" (primary ${host}:${own.port}): no host key confirmed for it; trust it in the app or check that pair alone with --pair and --accept-new-host-keys`
    )
  }, 180_000)

  it('fixes:plan and fixes:apply refuse a run id that belongs to another pair', async () => {
    const demo = await invoke('demo:status', {})
    const demoRuns = await invoke('runs:list', { pairId: demo.pairId as number })
    const other = (await invoke('pairs:list', {})).find((p) => p.name === 'victim one')
    expect(other).toBeDefined()
    const foreign = demoRuns[0].id
    const args = { pairId: other?.id as number, fixId: 'fix.restart-ha' as const, runId: foreign }
    expect(await refusal(invoke('fixes:plan', args))).toBe(`run ${foreign} is not a run of pair "victim one"`)
    expect(await refusal(invoke('fixes:apply', args))).toBe(`run ${foreign} is not a run of pair "victim one"`)
  }, 60_000)

  it('the demo pair moved to the attacker gets no simulator password', async () => {
    const demo = await invoke('demo:status', {})
    const pairId = demo.pairId as number
    const saved = await invoke('pairs:get', { id: pairId })
    attacker.attempts.length = 0
    await invoke('pairs:save', { pair: { ...saved, primary: { ...saved.primary, host, port: attacker.port } } })
    const t = await invoke('pairs:test', { pairId })
    await invoke('hostkeys:trust', { host, port: attacker.port, sha256: t.nodes[0].hostKeys[0].sha256 }).catch(() => undefined)
    await invoke('runs:start', { pairId })
    expect(attacker.attempts.length).toBeGreaterThan(0)
    expect(passwordsReceived()).toEqual([])
  }, 120_000)
})
