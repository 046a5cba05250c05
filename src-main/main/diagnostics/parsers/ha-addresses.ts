/**
 * The pair's two HA addresses as one node's haSvr.cfg gives them (docs/nsm-formats.md A-1), in either layout:
 * - server-ip (confirmed: a 2011 Juniper support script, PR 592133, reads them with `grep` and `awk '{print $2}'`):
 *   `highAvail.primaryServerIp` / `highAvail.secondaryServerIp`, the same two lines on both nodes, the literal
 *   `""` on a box not in HA mode. A node's own address is the one it owns (its interfaces) when it owns exactly
 *   one of the two, else the one of its configured role; the peer is the other.
 * - local-peer (assumed): `highAvail.localIpAddr` / `highAvail.peerIpAddr` and their aliases, per node.
 * The checks, the fix and the probe's trust test and drift dry run all use this one resolution.
 */
import type { NodeRole } from '../../../shared/domain/check'
import type { ConfigEntry, ConfigFile } from '../../../shared/domain/run'
import { cfgEntry, KEYS } from './cfg'
import { ownerOf, type AddressFacts } from './system'

export const SERVER_IP_KEYS = { primary: 'highAvail.primaryServerIp', secondary: 'highAvail.secondaryServerIp' } as const

export interface ResolvedAddress {
  value: string
  /** the key the value was read from */
  key: string
  line: number
}

export interface HaAddresses {
  layout: 'local-peer' | 'server-ip'
  local?: ResolvedAddress
  peer?: ResolvedAddress
  /** how the local address was chosen (server-ip layout): `owns 10.1.1.1` or `configured role primary` */
  basis?: string
  /** the entries read (for evidence), in file order */
  entries: ConfigEntry[]
}

/** An empty value or the literal `""` / `''` (a box not in HA mode): not set. */
function valueOf(e: ConfigEntry | undefined): string | undefined {
  if (!e) return undefined
  const v = e.value.trim()
  if (v === '' || /^(""|'')$/.test(v)) return undefined
  return v.replace(/^"(.*)"$/, '$1')
}

function resolved(e: ConfigEntry | undefined): ResolvedAddress | undefined {
  const value = valueOf(e)
  return e && value !== undefined ? { value, key: e.key, line: e.line } : undefined
}

/**
 * The local and peer address of the node `role` from its haSvr.cfg; `owned` (the node's interfaces) decides
 * which server-ip address is its own. Undefined when neither layout has a key in the file.
 */
export function resolveHaAddresses(file: ConfigFile | undefined, role: NodeRole, owned?: AddressFacts): HaAddresses | undefined {
  if (!file) return undefined
  const localE = cfgEntry(file, ...KEYS.local)
  const peerE = cfgEntry(file, ...KEYS.peer)
  const pE = cfgEntry(file, SERVER_IP_KEYS.primary)
  const sE = cfgEntry(file, SERVER_IP_KEYS.secondary)
  if (localE || peerE || (!pE && !sE)) {
    if (!localE && !peerE) return undefined
    return { layout: 'local-peer', local: resolved(localE), peer: resolved(peerE), entries: [localE, peerE].filter((e) => !!e) }
  }
  const p = resolved(pE)
  const s = resolved(sE)
  const entries = [pE, sE].filter((e): e is ConfigEntry => !!e)
  const ownsP = !!(owned && p && ownerOf(owned, p.value))
  const ownsS = !!(owned && s && ownerOf(owned, s.value))
  let mine: 'primary' | 'secondary' = role
  let basis = `configured role ${role}`
  if (ownsP !== ownsS) {
    mine = ownsP ? 'primary' : 'secondary'
    basis = `owns ${(ownsP ? p : s)!.value}`
  } else if (ownsP && ownsS) basis = `owns both addresses; configured role ${role}`
  const local = mine === 'primary' ? p : s
  const peer = mine === 'primary' ? s : p
  return { layout: 'server-ip', local, peer, basis, entries }
}

/** The key names a missing local / peer address would have been read under, for "not set" texts. */
export function addressKeyNames(kind: 'local' | 'peer', a: HaAddresses | undefined, role: NodeRole): string {
  if (a?.layout === 'server-ip') {
    const mine = a.basis?.startsWith('owns ') && !a.basis.includes('both') ? undefined : role
    const key = (r: NodeRole) => SERVER_IP_KEYS[r]
    if (mine) return kind === 'local' ? key(mine) : key(mine === 'primary' ? 'secondary' : 'primary')
    return `${SERVER_IP_KEYS.primary} / ${SERVER_IP_KEYS.secondary}`
  }
  return kind === 'local' ? KEYS.local[0] : KEYS.peer[0]
}

/** `value (key)` for summaries. */
export function showAddress(a: ResolvedAddress): string {
  return `${a.value} (${a.key})`
}
