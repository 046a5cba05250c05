/**
 * pairs:test / hostkeys:trust / pairs:delete through the real IPC handlers (validation + AppError mapping
 * of handle.ts) on the real services: SQLite in a temp dir, the simulator as target, a switchable TCP
 * forwarder for a node whose host key changes on the same host:port.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type MainApp } from '../../src-main/main/app/services'
import { registerAllIpc } from '../../src-main/main/ipc/register'
import type { Args, InvokeChannel, Result } from '../../src-main/shared/ipc-contract'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { pairConnector } from '../../src-main/main/run/connector'
import { startTcpProxy, type TcpProxy } from './tcp-proxy'
import { startLegacyOnlySsh2Server } from '../helpers/legacy-ssh2-server'

describe('pairs:test and hostkeys:trust (real handlers, simulator, SQLite)', () => {
  let dir: string
  let app: MainApp
  let simA: SimPair
  let simB: SimPair
  let proxyP: TcpProxy
  let proxyS: TcpProxy
  const handlers = new Map<string, (args: unknown) => Promise<unknown>>()
  const call = <C extends InvokeChannel>(c: C, args: Args<C>): Promise<Result<C>> =>
    (handlers.get(c) as (a: unknown) => Promise<Result<C>>)(args)
  const failure = (p: Promise<unknown>): Promise<{ code: string; message: string }> =>
    p.then(
      () => ({ code: 'none', message: 'resolved' }),
      (e: { code: string; message: string }) => e
    )
  let pair: PairConfig
  const pw = () => ({ primary: { password: simA.secrets.password }, secondary: { password: simA.secrets.password } })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nsm-pairs-ipc-'))
    // main's own confirmation (replace a changed pin) answered yes, as an admin who checked the console
    app = await createApp({ dir, confirm: { confirm: async () => true } })
    registerAllIpc({ handle: (c, fn) => void handlers.set(c, fn) }, app.services, () => undefined)
    simA = await startSimPair({ scenario: 'healthy' })
    // simB's primary is the jump host to simA's nodes in one test: a node forwards only where it is told
    simB = await startSimPair({ scenario: 'healthy', forwardTo: [simA.primary, simA.secondary] })
    proxyP = await startTcpProxy(simA.primary)
    proxyS = await startTcpProxy(simA.secondary)
    const cfg = simA.pairConfig('lab')
    pair = {
      ...cfg,
      primary: { ...cfg.primary, host: proxyP.host, port: proxyP.port },
      secondary: { ...cfg.secondary, host: proxyS.host, port: proxyS.port }
    }
  }, 60_000)

  afterAll(async () => {
    await proxyP?.close()
    await proxyS?.close()
    await simA?.stop()
    await simB?.stop()
    await app?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('a new key is shown with its algorithm, nothing is pinned and no password is sent before it is trusted', async () => {
    const r = await call('pairs:test', { pair, secrets: pw() })
    expect(r.nodes.map((n) => n.role)).toEqual(['primary', 'secondary'])
    for (const n of r.nodes) {
      const sim = simA[n.role]
      expect(n.reachable.ok).toBe(true)
      expect(n.hostKeys).toEqual([
        {
          host: '127.0.0.1',
          port: pair[n.role].port,
          keyType: 'ssh-ed25519',
          sha256: sim.hostKeySha256,
          md5: expect.stringMatching(/^MD5:([0-9a-f]{2}:){15}[0-9a-f]{2}$/),
          state: 'new'
        }
      ])
      expect(n.auth.ok).toBeNull()
      expect(n.auth.detail).toMatch(/confirm the host key/)
      expect(app.store.hostKeys.get('127.0.0.1', pair[n.role].port)).toBeUndefined()
    }
    // the result never carries the password
    expect(JSON.stringify(r)).not.toContain(simA.secrets.password)
  }, 30_000)

  it('refuses to pin a fingerprint it never presented, pins the presented one', async () => {
    // simB's key was never shown for the primary's host:port
    const never = await failure(call('hostkeys:trust', { host: '127.0.0.1', port: pair.primary.port, sha256: simB.primary.hostKeySha256 }))
    expect(never.code).toBe('failed')
    expect(never.message).toMatch(/never presented/)
    expect(app.store.hostKeys.get('127.0.0.1', pair.primary.port)).toBeUndefined()
    // malformed fingerprints do not even reach the service
    expect((await failure(call('hostkeys:trust', { host: '127.0.0.1', port: pair.primary.port, sha256: 'MD5:aa' }))).code).toBe(
      'invalid-args'
    )
    for (const role of ['primary', 'secondary'] as const) {
      const res = await call('hostkeys:trust', { host: '127.0.0.1', port: pair[role].port, sha256: simA[role].hostKeySha256 })
      expect(res).toEqual({ pinned: simA[role].hostKeySha256 })
      expect(app.store.hostKeys.record('127.0.0.1', pair[role].port)).toMatchObject({
        sha256: simA[role].hostKeySha256,
        keyType: 'ssh-ed25519'
      })
    }
  }, 30_000)

  it('with pinned keys: auth, haStatus at nsmHome; a wrong password and a dead port have one-line reasons', async () => {
    const ok = await call('pairs:test', { pair, secrets: pw() })
    for (const n of ok.nodes) {
      expect(n.hostKeys[0].state).toBe('match')
      expect(n.auth).toMatchObject({ ok: true })
      expect(n.sudo).toBeUndefined()
      expect(n.haStatus).toEqual({ ok: true, detail: `found at ${pair.paths.nsmHome}/HaSvr/utils/haStatus` })
    }
    // sudo (the simulator's sudo shim): the one exec runs under it and must come back as uid 0
    const sudoPair = {
      ...pair,
      primary: { ...pair.primary, sudo: 'sudo' as const },
      secondary: { ...pair.secondary, sudo: 'sudo-password' as const }
    }
    const withSudo = await call('pairs:test', {
      pair: sudoPair,
      secrets: { ...pw(), secondary: { password: simA.secrets.password, sudo: 'x' } }
    })
    expect(withSudo.nodes.map((n) => n.sudo)).toEqual([
      { ok: true, detail: 'sudo -n gives root' },
      { ok: true, detail: 'sudo with password gives root' }
    ])
    expect(withSudo.nodes[0].haStatus.ok).toBe(true)
    const wrongHome = await call('pairs:test', { pair: { ...pair, paths: { ...pair.paths, nsmHome: '/opt/nowhere' } }, secrets: pw() })
    expect(wrongHome.nodes[0].haStatus.ok).toBe(false)
    expect(wrongHome.nodes[0].haStatus.detail).toContain('not found at /opt/nowhere/HaSvr/utils/haStatus')
    const bad = await call('pairs:test', { pair, secrets: { primary: { password: 'wrong' }, secondary: { password: 'wrong' } } })
    expect(bad.nodes[0].auth.ok).toBe(false)
    expect(bad.nodes[0].auth.detail).toMatch(/authentication refused/)
    const dead = await startTcpProxy({ host: '127.0.0.1', port: 1 })
    const port = dead.port
    await dead.close()
    const gone = await call('pairs:test', { pair: { ...pair, primary: { ...pair.primary, port } }, secrets: pw() })
    expect(gone.nodes[0].reachable.ok).toBe(false)
    expect(gone.nodes[0].reachable.detail).toMatch(/refused/)
    expect(gone.nodes[1].auth.ok).toBe(true)
  }, 60_000)

  it('a saved pair runs with the pinned keys; a changed key is CHANGED in the test, refused by runs, replaced only with the typed host', async () => {
    const { id } = await call('pairs:save', { pair })
    await call('secrets:set', { pairId: id, role: 'primary', kind: 'password', value: simA.secrets.password })
    await call('secrets:set', { pairId: id, role: 'secondary', kind: 'password', value: simA.secrets.password })
    // the saved pair's stored secrets are used when none are typed
    const saved = await call('pairs:test', { pairId: id })
    expect(saved.nodes.map((n) => n.auth.ok)).toEqual([true, true])
    // an edited, unsaved login (another user on the same pinned host:port) does not get the stored password
    const moved = await call('pairs:test', { pairId: id, pair: { ...pair, primary: { ...pair.primary, user: 'root' } } })
    expect(moved.nodes[0].hostKeys[0].state).toBe('match')
    expect(moved.nodes[0].auth.ok).toBe(false)
    expect(moved.nodes[0].auth.detail).toContain('the stored secret is only sent to the saved address')
    expect(moved.nodes[1].auth.ok).toBe(true)
    const run = await call('runs:start', { pairId: id })
    expect(run.nodes.primary.reachable).toBe(true)

    proxyP.retarget(simB.primary.host, simB.primary.port)
    const pinned = simA.primary.hostKeySha256
    const changed = await call('pairs:test', { pairId: id })
    expect(changed.nodes[0].hostKeys[0]).toMatchObject({
      state: 'changed',
      sha256: simB.primary.hostKeySha256,
      pinned,
      pinnedKeyType: 'ssh-ed25519'
    })
    expect(changed.nodes[0].auth.ok).toBeNull()
    const refused = await call('runs:start', { pairId: id })
    expect(refused.nodes.primary.reachable).toBe(false)
    expect(refused.nodes.primary.error).toMatch(/CHANGED/)
    expect(refused.nodes.primary.hostKeyProblem).toBe('changed')
    expect(refused.nodes.secondary.reachable).toBe(true)
    expect(refused.nodes.secondary.hostKeyProblem).toBeUndefined()
    const noTyping = await failure(
      call('hostkeys:trust', { host: '127.0.0.1', port: pair.primary.port, sha256: simB.primary.hostKeySha256 })
    )
    expect(noTyping.message).toMatch(/type the host name/)
    const wrongTyping = await failure(
      call('hostkeys:trust', { host: '127.0.0.1', port: pair.primary.port, sha256: simB.primary.hostKeySha256, confirmHost: '127.0.0.2' })
    )
    expect(wrongTyping.message).toMatch(/type the host name/)
    expect(app.store.hostKeys.get('127.0.0.1', pair.primary.port)).toBe(pinned)
    const replaced = await call('hostkeys:trust', {
      host: '127.0.0.1',
      port: pair.primary.port,
      sha256: simB.primary.hostKeySha256,
      confirmHost: '127.0.0.1'
    })
    expect(replaced).toEqual({ pinned: simB.primary.hostKeySha256, replaced: pinned })
    expect((await call('pairs:test', { pairId: id })).nodes[0].hostKeys[0].state).toBe('match')
    proxyP.retarget(simA.primary.host, simA.primary.port)
  }, 120_000)

  it('runs never pin silently: an unknown key ends the node as unknown with its reason', async () => {
    const cfg = simB.pairConfig('fresh')
    const { id } = await call('pairs:save', { pair: cfg })
    const run = await call('runs:start', { pairId: id })
    for (const role of ['primary', 'secondary'] as const) {
      expect(run.nodes[role].reachable).toBe(false)
      expect(run.nodes[role].error).toMatch(/not pinned yet/)
      expect(run.nodes[role].hostKeyProblem).toBe('unknown')
      expect(app.store.hostKeys.get(cfg[role].host, cfg[role].port)).toBeUndefined()
    }
  }, 60_000)

  it('through a jump host: its key is shown first (via jump) and must be trusted before the node is reached', async () => {
    // simB's primary serves as the jump host (direct-tcpip); the nodes are simA's, reached by their own addresses
    const cfg = simA.pairConfig('jumped')
    const jumpHost = { host: simB.primary.host, port: simB.primary.port, user: simB.primary.user, auth: 'password' as const }
    const jumped: PairConfig = { ...cfg, jumpHost }
    const secrets = { ...pw(), jump: { password: simB.secrets.password } }
    const first = await call('pairs:test', { pair: jumped, secrets })
    for (const n of first.nodes) {
      expect(n.hostKeys).toEqual([
        {
          host: jumpHost.host,
          port: jumpHost.port,
          keyType: 'ssh-ed25519',
          sha256: simB.primary.hostKeySha256,
          md5: expect.stringMatching(/^MD5:/),
          state: 'new',
          via: 'jump'
        }
      ])
      expect(n.reachable).toEqual({ ok: null, detail: `not tried: behind jump host ${jumpHost.host}` })
      expect(n.auth.detail).toContain(`confirm the host key of jump host ${jumpHost.host}`)
    }
    await call('hostkeys:trust', { host: jumpHost.host, port: jumpHost.port, sha256: simB.primary.hostKeySha256 })
    const second = await call('pairs:test', { pair: jumped, secrets })
    for (const n of second.nodes) {
      expect(n.hostKeys.map((k) => [k.via ?? 'node', k.state, k.sha256])).toEqual([
        ['jump', 'match', simB.primary.hostKeySha256],
        ['node', 'new', simA[n.role].hostKeySha256]
      ])
      expect(n.reachable.ok).toBe(true)
    }
    for (const role of ['primary', 'secondary'] as const)
      await call('hostkeys:trust', { host: cfg[role].host, port: cfg[role].port, sha256: simA[role].hostKeySha256 })
    const third = await call('pairs:test', { pair: jumped, secrets })
    expect(third.nodes.map((n) => [n.auth.ok, n.haStatus.ok])).toEqual([
      [true, true],
      [true, true]
    ])
  }, 60_000)

  it('deleting a pair removes its secrets and the pins no other pair uses', async () => {
    const id = app.store.pairs.getByName('lab')?.id as number
    // a second pair sharing the secondary's host:port keeps that pin
    const other = await call('pairs:save', { pair: { ...pair, name: 'other', primary: { ...pair.primary, port: 2 } } })
    expect((await call('pairs:delete', { id })).deleted).toBe(true)
    expect(app.store.pairs.get(id)).toBeUndefined()
    expect(await app.store.pairs.hasSecret(id, 'primary', 'password')).toBe(false)
    expect(app.store.hostKeys.get('127.0.0.1', pair.primary.port)).toBeUndefined()
    expect(app.store.hostKeys.get('127.0.0.1', pair.secondary.port)).toBe(simA.secondary.hostKeySha256)
    await call('pairs:delete', { id: other.id })
    expect(app.store.hostKeys.get('127.0.0.1', pair.secondary.port)).toBeUndefined()
  }, 30_000)

  it('the demo pair needs no dialog: demoStart pins the simulator’s own fingerprints', async () => {
    const st = await call('demo:start', { scenario: 'healthy' })
    const demo = app.store.pairs.get(st.pairId as number) as PairConfig
    const t = await call('pairs:test', { pairId: st.pairId as number })
    expect(t.nodes.map((n) => [n.hostKeys[0].state, n.auth.ok])).toEqual([
      ['match', true],
      ['match', true]
    ])
    expect(app.store.hostKeys.get(demo.primary.host, demo.primary.port)).toBe(t.nodes[0].hostKeys[0].sha256)
    await call('demo:stop', {})
  }, 60_000)

  it('allow legacy algorithms: persisted per pair and honoured by pairConnector (app, check --pair, fixes)', async () => {
    const server = await startLegacyOnlySsh2Server()
    const port = server.port
    try {
      const old: PairConfig = { ...pair, name: 'old appliance', primary: { ...pair.primary, port } }
      const modern = await call('pairs:test', { pair: old })
      expect(modern.nodes[0].reachable.ok).toBe(false)
      expect(modern.nodes[0].reachable.detail).toMatch(/weak\/legacy SSH algorithms/)
      const { id } = await call('pairs:save', { pair: { ...old, allowLegacyAlgorithms: true } })
      expect((await call('pairs:get', { id })).allowLegacyAlgorithms).toBe(true)
      const legacy = await call('pairs:test', { pairId: id })
      expect(legacy.nodes[0].hostKeys[0]).toMatchObject({ keyType: 'ssh-rsa', state: 'new' })
      // the connector every path shares (app runs, CLI check --pair, fixes) takes the pair's setting
      const saved = app.store.pairs.get(id) as PairConfig
      const hostKeys = { get: () => undefined, pin: () => undefined }
      const ex = await pairConnector(saved, {}, { hostKeys, acceptNewHostKey: true })('primary')
      ex.close()
      const refused = await pairConnector(
        { ...saved, allowLegacyAlgorithms: false },
        {},
        { hostKeys, acceptNewHostKey: true }
      )('primary').catch((e: Error) => e)
      expect((refused as Error).message).toMatch(/weak\/legacy/)
      await call('pairs:save', { pair: { ...saved, allowLegacyAlgorithms: false } })
      expect((await call('pairs:get', { id })).allowLegacyAlgorithms).toBeUndefined()
    } finally {
      server.close()
    }
  }, 60_000)
})
