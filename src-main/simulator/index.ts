/**
 * The NSM pair simulator: two simulated NSM nodes (real directory trees and scripts) served over real
 * SSH on loopback. Used by the demo pair, the tests and the benchmarks. See docs/simulator.md.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NodeRole } from '../shared/domain/check'
import type { PairConfig } from '../shared/domain/pair'
import type { ScenarioName } from '../shared/domain/scenario'
import { ed25519KeyPair } from './keys'
import { SCENARIO_MUTATIONS } from './scenarios'
import { startNodeServer, type NodeServer } from './server'
export type { NodeServer } from './server'
import { healthySpec, type PairSpec } from './spec'
import { forgetReplicationPace, startReplication } from './replication'
import { nodePaths, virtualRoot, writePairTree, writePeerSshConfig } from './tree'
import { DEFAULT_VARIANT, type SimVariant } from './variants'
export { SIM_VARIANTS, DEFAULT_VARIANT, isSimVariant, type SimVariant } from './variants'

export { virtualRoot, nodePaths } from './tree'

export interface SimNodeInfo {
  role: NodeRole
  host: string
  port: number
  user: string
  password: string
  /** the pair-level (virtual) roots every node maps to its own tree */
  nsmHome: string
  nsmData: string
  haInit: string
  /** this node's real directory */
  root: string
  hostKeySha256: string
  /** an authorized private key for the login user (OpenSSH format, mode 600) */
  clientKeyPath: string
}

export interface SimTree {
  dir: string
  scenario: ScenarioName
  variant: SimVariant
  spec: PairSpec
  /** the secret values of this pair, so tests can prove they never leak */
  secrets: { hmacKey: string; oneTimePassword: string }
}

export interface SimPair {
  dir: string
  scenario: ScenarioName
  /** the format variant the trees are written in (src-main/simulator/variants.ts) */
  variant: SimVariant
  primary: SimNodeInfo
  secondary: SimNodeInfo
  secrets: { hmacKey: string; oneTimePassword: string; password: string }
  pairConfig(name?: string): PairConfig
  /** rewrite both trees for a scenario, in `variant` (default: the pair's current variant) */
  applyScenario(name: ScenarioName, variant?: SimVariant): Promise<void>
  stop(): Promise<void>
}

export interface SimPairOptions {
  scenario?: ScenarioName
  /** format variant of files and outputs (default `tabular`, the formats of docs/nsm-formats.md) */
  variant?: SimVariant
  /** parent directory to use (kept on stop); default a new temp dir (removed on stop) */
  dir?: string
  user?: string
  /** the login user's password; default a fresh random one for each start, kept in memory only */
  password?: string
  /** listen addresses; default 127.0.0.11 / 127.0.0.12 on Linux, 127.0.0.1 elsewhere */
  hosts?: { primary: string; secondary: string }
  /** sudo asks a non-root login user for this password (`-S`; `-n` fails); default: no password asked */
  sudoPassword?: string
  /** passwords su asks a non-root user for, by target user (root needs none); default: none (su refused) */
  userPasswords?: Record<string, string>
  /** more direct-tcpip destinations than the pair's own servers (a test using a node as the jump host to another pair) */
  forwardTo?: { host: string; port: number }[]
}

/**
 * A fresh ed25519 host key that ssh2 can parse back: rarely (about 1 in a few hundred) ssh2 writes a
 * private key its own parser rejects ("Malformed OpenSSH private key"), so such a key is drawn again.
 */
function newHostKey(): string {
  return ed25519KeyPair().private
}

/** Build the trees of a pair in `dir` for a scenario, without serving them. */
export function createSimPairTree(opts: { dir?: string; scenario?: ScenarioName; variant?: SimVariant } = {}): SimTree {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'nsm-sim-'))
  const scenario = opts.scenario ?? 'healthy'
  const variant = opts.variant ?? DEFAULT_VARIANT
  const spec = healthySpec()
  SCENARIO_MUTATIONS[scenario](spec)
  writePairTree(spec, dir, variant)
  return { dir, scenario, variant, spec, secrets: { hmacKey: spec.hmacKey, oneTimePassword: spec.oneTimePassword } }
}

/** Stop background processes a node started (re-sync) — used on scenario switch and stop. */
export function killNodeProcesses(dir: string): void {
  for (const role of ['primary', 'secondary'] as const) {
    const pidFile = join(nodePaths(dir, role).root, '.sim/state/resync.pid')
    if (!existsSync(pidFile)) continue
    const pid = Number(readFileSync(pidFile, 'utf8').trim())
    try {
      if (pid > 0) process.kill(pid, 'SIGKILL')
    } catch {
      // already finished
    }
  }
}

function defaultHosts(): { primary: string; secondary: string } {
  return process.platform === 'linux'
    ? { primary: '127.0.0.11', secondary: '127.0.0.12' }
    : { primary: '127.0.0.1', secondary: '127.0.0.1' }
}

/** Start a simulated pair: trees for the scenario, one SSH server per node. */
export async function startSimPair(opts: SimPairOptions = {}): Promise<SimPair> {
  const ownDir = !opts.dir
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'nsm-sim-'))
  const user = opts.user ?? 'admin'
  const password = opts.password ?? randomBytes(18).toString('base64url')
  const hosts = opts.hosts ?? defaultHosts()
  const clientKey = ed25519KeyPair('nsm-ha-doctor-sim-admin')
  const clientKeyPath = join(dir, 'admin_ed25519')
  writeFileSync(clientKeyPath, clientKey.private, { mode: 0o600 })
  writeFileSync(`${clientKeyPath}.pub`, `${clientKey.public}\n`)

  const tree = createSimPairTree({ dir, scenario: opts.scenario, variant: opts.variant })
  const servers: Partial<Record<NodeRole, NodeServer>> = {}
  // a node forwards (as a jump host) to the pair's own SSH servers only (and to `forwardTo`)
  const ownServers = new Set<string>((opts.forwardTo ?? []).map((d) => `${d.host}:${d.port}`))
  for (const role of ['primary', 'secondary'] as const) {
    const hostKey = newHostKey()
    const server = await startNodeServer({
      root: nodePaths(dir, role).root,
      host: hosts[role],
      loginUser: user,
      password,
      loginKeys: [clientKey.public],
      hostKey,
      allowForward: (host, port) => ownServers.has(`${host}:${port}`)
    })
    servers[role] = server
    ownServers.add(`${server.host}:${server.port}`)
  }
  return assemblePair({
    dir,
    ownDir,
    tree,
    user,
    password,
    clientKeyPath,
    servers: servers as Record<NodeRole, NodeServer>,
    auth: 'password',
    sudoPassword: opts.sudoPassword,
    userPasswords: opts.userPasswords
  })
}

export interface AssembleOptions {
  dir: string
  ownDir: boolean
  tree: SimTree
  user: string
  password: string
  clientKeyPath: string
  servers: Record<NodeRole, NodeServer>
  auth: 'password' | 'key'
  /** OpenSSH mode: node users log in as this OS user and are named with SetEnv */
  loginAs?: string
  sudoPassword?: string
  userPasswords?: Record<string, string>
}

/** The nodes' sudo and su passwords (.sim/state/sudo-password, .sim/state/passwords), after each tree write. */
function writeAuthState(dir: string, o: AssembleOptions): void {
  for (const role of ['primary', 'secondary'] as const) {
    const state = join(nodePaths(dir, role).root, '.sim/state')
    if (o.sudoPassword !== undefined) writeFileSync(join(state, 'sudo-password'), `${o.sudoPassword}\n`, { mode: 0o600 })
    const lines = Object.entries(o.userPasswords ?? {}).map(([u, p]) => `${u}:${p}\n`)
    if (lines.length) writeFileSync(join(state, 'passwords'), lines.join(''), { mode: 0o600 })
  }
}

/** Pairs not stopped yet: if the process exits without stop(), kill their processes and own temp dirs. */
const livePairs = new Set<() => void>()
let exitHook = false
function onExitCleanup(fn: () => void): () => void {
  if (!exitHook) {
    exitHook = true
    process.once('exit', () => {
      for (const f of livePairs) f()
    })
  }
  livePairs.add(fn)
  return () => livePairs.delete(fn)
}

/** The SimPair object over two running node servers (embedded or OpenSSH). */
export function assemblePair(o: AssembleOptions): SimPair {
  const { dir, servers, user, password } = o
  let tree = o.tree
  const wirePeers = (): void => {
    writeAuthState(dir, o)
    for (const role of ['primary', 'secondary'] as const) {
      const peer: NodeRole = role === 'primary' ? 'secondary' : 'primary'
      writePeerSshConfig(dir, role, {
        haAddr: tree.spec[peer].haAddr,
        host: servers[peer].host,
        port: servers[peer].port,
        loginAs: o.loginAs
      })
    }
  }
  wirePeers()
  let timer = startReplication(dir, tree.scenario)
  const unregister = onExitCleanup(() => {
    try {
      killNodeProcesses(dir)
      servers.primary.killSync?.()
      servers.secondary.killSync?.()
      if (o.ownDir) rmSync(dir, { recursive: true, force: true })
    } catch {
      // best effort at exit
    }
  })
  const vroot = virtualRoot(dir)
  const info = (role: NodeRole): SimNodeInfo => ({
    role,
    host: servers[role].host,
    port: servers[role].port,
    user,
    password,
    nsmHome: join(vroot, 'usr/netscreen'),
    nsmData: join(vroot, 'var/netscreen'),
    haInit: join(vroot, 'etc/init.d/haSvr'),
    root: nodePaths(dir, role).root,
    hostKeySha256: servers[role].hostKeySha256,
    clientKeyPath: o.clientKeyPath
  })

  const pair: SimPair = {
    dir,
    scenario: tree.scenario,
    variant: tree.variant,
    primary: info('primary'),
    secondary: info('secondary'),
    secrets: { ...tree.secrets, password },
    pairConfig(name = `demo (${pair.scenario})`): PairConfig {
      const endpoint = (n: SimNodeInfo): PairConfig['primary'] =>
        o.auth === 'password'
          ? { host: n.host, port: n.port, user: n.user, auth: 'password', sudo: 'none' }
          : { host: n.host, port: n.port, user: n.user, auth: 'key', identityFile: n.clientKeyPath, sudo: 'none' }
      return {
        name,
        primary: endpoint(pair.primary),
        secondary: endpoint(pair.secondary),
        paths: { nsmHome: pair.primary.nsmHome, nsmData: pair.primary.nsmData, haInit: pair.primary.haInit },
        tags: ['demo', 'simulated'],
        notes: `Simulated NSM pair, scenario ${pair.scenario}`
      }
    },
    async applyScenario(name: ScenarioName, variant: SimVariant = pair.variant): Promise<void> {
      if (timer) clearInterval(timer)
      killNodeProcesses(dir)
      tree = createSimPairTree({ dir, scenario: name, variant })
      wirePeers()
      pair.scenario = name
      pair.variant = variant
      pair.secrets = { ...tree.secrets, password }
      timer = startReplication(dir, name)
    },
    async stop(): Promise<void> {
      unregister()
      if (timer) clearInterval(timer)
      killNodeProcesses(dir)
      forgetReplicationPace(dir)
      await Promise.all([servers.primary.close(), servers.secondary.close()])
      if (o.ownDir) rmSync(dir, { recursive: true, force: true })
    }
  }
  return pair
}
