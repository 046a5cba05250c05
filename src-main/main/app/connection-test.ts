/**
 * "Test connection" of a pair, saved or not: both nodes in parallel through the product's transport
 * (pairConnector → connectNode), NOTHING pinned. Per node: reachable, the host key(s) against the store
 * (new / match / changed), auth, sudo when configured, and whether haStatus exists at the pair's NSM
 * home — one cheap exec, no probe.
 *
 * A password is only sent to a host whose key matches its pin (as ssh asks before authenticating): a new
 * or changed key stops the test at the host key, the admin confirms it (hostkeys:trust) and tests again.
 * Every fingerprint shown is remembered in `PresentedHostKeys`, so main pins only what it presented.
 */
import { md5OfKey } from '../ssh/fingerprint'
import type { NodeRole } from '../../shared/domain/check'
import type { PairConfig } from '../../shared/domain/pair'
import type { HostKeySeenDto, NodeTestDto, TestStepDto } from '../../shared/ipc-contract'
import { pairConnector } from '../run/connector'
import { movedRoles } from '../pairs/pair-service'
import type { PairSecrets, SecretRole } from '../secrets/types'
import { shQuote } from '../shell/quote'
import type { HostKeyStore, SshExecutor } from '../ssh/executor'
import { errorLine } from '../../shared/error-line'

/** Fingerprints main presented in a connection test, per host:port (with the algorithm it saw). */
export class PresentedHostKeys {
  readonly #seen = new Map<string, Map<string, string>>()

  static key(host: string, port: number): string {
    return `${host.toLowerCase()}:${port}`
  }

  remember(host: string, port: number, sha256: string, keyType: string): void {
    const k = PresentedHostKeys.key(host, port)
    const m = this.#seen.get(k) ?? new Map<string, string>()
    m.set(sha256, keyType)
    this.#seen.set(k, m)
  }

  /** the algorithm seen with this fingerprint, or undefined when main never presented it for host:port */
  keyTypeOf(host: string, port: number, sha256: string): string | undefined {
    return this.#seen.get(PresentedHostKeys.key(host, port))?.get(sha256)
  }
}

/** What the test needs from the app's host-key store (SqliteHostKeyStore). */
export interface PinnedKeys extends HostKeyStore {
  record?(host: string, port: number): { keyType?: string; sha256: string; firstSeen: string } | undefined
}

export interface ConnectionTestOptions {
  hostKeys: PinnedKeys
  presented: PresentedHostKeys
  connectTimeoutMs?: number
  execTimeoutMs?: number
  signal?: AbortSignal
  /** roles whose stored secrets were withheld (their address changed in the form): said in a login failure */
  withheld?: SecretRole[]
}

/**
 * Stored secrets go only to the saved address: for a role whose host, port or user was edited (not saved
 * yet) the stored secrets are dropped — only what was typed for it is used. Returns the roles withheld.
 */
export function withholdMovedSecrets(
  saved: PairConfig,
  edited: PairConfig,
  secrets: PairSecrets
): { secrets: PairSecrets; withheld: SecretRole[] } {
  // the same rule as saving (pairs:save drops a moved node's stored secrets)
  const out: PairSecrets = { ...secrets }
  const withheld = movedRoles(saved, edited).filter((role) => out[role] !== undefined)
  for (const role of withheld) delete out[role]
  return { secrets: out, withheld }
}

function oneLine(err: unknown): string {
  return errorLine(err)
}

function stateOf(
  store: PinnedKeys,
  host: string,
  port: number,
  sha256: string
): Pick<HostKeySeenDto, 'state' | 'pinned' | 'pinnedKeyType' | 'pinnedSince'> {
  const pinned = store.list?.(host, port) ?? [store.get(host, port)].filter((k): k is string => !!k)
  if (pinned.includes(sha256)) return { state: 'match' }
  if (pinned.length === 0) return { state: 'new' }
  const rec = store.record?.(host, port)
  return {
    state: 'changed',
    pinned: pinned[0],
    ...(rec?.keyType ? { pinnedKeyType: rec.keyType } : {}),
    ...(rec?.firstSeen ? { pinnedSince: rec.firstSeen } : {})
  }
}

/** where haStatus lives under an NSM home */
function haStatusPath(nsmHome: string): string {
  return `${nsmHome.replace(/\/+$/, '')}/HaSvr/utils/haStatus`
}

/** The one exec of the test: effective uid (sudo) and whether haStatus is there. Constant but for the quoted path. */
export function testCommand(nsmHome: string): string {
  const hs = shQuote(haStatusPath(nsmHome))
  return `printf 'uid=%s\\n' "$(id -u)"; if [ -x ${hs} ]; then echo ha=found; elif [ -e ${hs} ]; then echo ha=not-executable; else echo ha=missing; fi`
}

async function testNode(pair: PairConfig, secrets: PairSecrets, role: NodeRole, o: ConnectionTestOptions): Promise<NodeTestDto> {
  const ep = pair[role]
  const hostKeys: HostKeySeenDto[] = []
  const usesSudo = ep.sudo !== 'none' && ep.user !== 'root'
  const haPath = haStatusPath(pair.paths.nsmHome)
  const notTried = (detail: string): TestStepDto => ({ ok: null, detail })
  const result = (r: Omit<NodeTestDto, 'role' | 'target' | 'hostKeys'>): NodeTestDto => ({
    role,
    target: `${ep.user}@${ep.host}:${ep.port}`,
    hostKeys,
    ...r,
    ...(usesSudo && !r.sudo ? { sudo: notTried('not tried') } : {})
  })
  // a store that never pins and never answers: every key reaches `accept`, which compares with the real store
  const neverPin: HostKeyStore = { get: () => undefined, list: () => [], pin: () => undefined }
  const accept = async (host: string, port: number, sha256: string, keyType: string, key?: Buffer): Promise<boolean> => {
    o.presented.remember(host, port, sha256, keyType)
    const seen: HostKeySeenDto = {
      host,
      port,
      keyType,
      sha256,
      // what ssh-keygen -l prints on an NSM appliance's OpenSSH (4.3–5.3)
      ...(key ? { md5: md5OfKey(key) } : {}),
      ...stateOf(o.hostKeys, host, port, sha256)
    }
    // connectNode verifies the jump host first, then the node through it
    if (pair.jumpHost && hostKeys.length === 0) seen.via = 'jump'
    hostKeys.push(seen)
    return seen.state === 'match'
  }
  const connect = pairConnector(pair, secrets, {
    hostKeys: neverPin,
    acceptNewHostKey: accept,
    connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
    execTimeoutMs: o.execTimeoutMs ?? 15_000
  })
  let exec: SshExecutor | undefined
  try {
    exec = await connect(role, o.signal)
  } catch (err) {
    const why = oneLine(err)
    const blocking = hostKeys.find((k) => k.state !== 'match')
    if (blocking) {
      const what = blocking.via === 'jump' ? `jump host ${blocking.host}` : 'this node'
      const detail =
        blocking.state === 'new' ? `not tried: confirm the host key of ${what} first` : `not tried: the host key of ${what} CHANGED`
      const reachable =
        blocking.via === 'jump' ? notTried(`not tried: behind jump host ${blocking.host}`) : { ok: true, detail: 'SSH answered' }
      return result({ reachable, auth: notTried(detail), haStatus: notTried('not tried') })
    }
    const answered = hostKeys.some((k) => k.host === ep.host && k.port === ep.port)
    const hint =
      o.withheld?.includes(role) || (pair.jumpHost && o.withheld?.includes('jump'))
        ? ' — the stored secret is only sent to the saved address: type it to test the new one'
        : ''
    if (answered)
      return result({
        reachable: { ok: true, detail: 'SSH answered' },
        auth: { ok: false, detail: `${why}${hint}` },
        haStatus: notTried('not tried')
      })
    return result({ reachable: { ok: false, detail: why }, auth: notTried('not tried'), haStatus: notTried('not tried') })
  }
  try {
    const auth: TestStepDto = { ok: true, detail: `logged in as ${ep.user} (${ep.auth})` }
    let r
    try {
      r = await exec.exec(testCommand(pair.paths.nsmHome), { timeoutMs: o.execTimeoutMs ?? 15_000, signal: o.signal })
    } catch (err) {
      return result({ reachable: { ok: true, detail: 'SSH answered' }, auth, haStatus: { ok: false, detail: oneLine(err) } })
    }
    const uid = /^uid=(\d+)$/m.exec(r.stdout)?.[1]
    const ha = /^ha=(found|missing|not-executable)$/m.exec(r.stdout)?.[1]
    let sudo: TestStepDto | undefined
    if (usesSudo) {
      const errLine = r.stderr.trim().split('\n')[0] ?? ''
      sudo =
        r.code === 0 && uid === '0'
          ? { ok: true, detail: `${ep.sudo === 'sudo' ? 'sudo -n' : 'sudo with password'} gives root` }
          : { ok: false, detail: errLine ? `sudo failed: ${errLine}` : `sudo failed (exit ${r.code ?? 'none'})` }
    }
    const haStatus: TestStepDto =
      sudo?.ok === false
        ? notTried('not checked: sudo failed')
        : ha === 'found'
          ? { ok: true, detail: `found at ${haPath}` }
          : ha === 'not-executable'
            ? { ok: false, detail: `${haPath} is not executable` }
            : ha === 'missing'
              ? { ok: false, detail: `not found at ${haPath} (is NSM home right?)` }
              : { ok: false, detail: `unexpected answer (exit ${r.code ?? 'none'}): ${(r.stderr || r.stdout).trim().split('\n')[0] ?? ''}` }
    return result({ reachable: { ok: true, detail: 'SSH answered' }, auth, ...(sudo ? { sudo } : {}), haStatus })
  } finally {
    exec.close()
  }
}

/** Test both nodes in parallel. Secrets stay in main; the result holds fingerprints and one-line reasons only. */
export async function testPairConnection(
  pair: PairConfig,
  secrets: PairSecrets,
  o: ConnectionTestOptions
): Promise<{ nodes: NodeTestDto[] }> {
  const nodes = await Promise.all((['primary', 'secondary'] as const).map((role) => testNode(pair, secrets, role, o)))
  return { nodes }
}
