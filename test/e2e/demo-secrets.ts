/**
 * The demo pair's real secrets, read from the simulator's files (the demo pair's NSM home is
 * <sim dir>/nsm/usr/netscreen; each node's tree is <sim dir>/<role>/usr/netscreen): both nodes' HMAC key
 * and GUI one-time password. Tests search renderer pages, exports and bundles for them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MainApp } from '../../src-main/main/app/services'

/** the bridge, or an app a test built */
type Host = Pick<MainApp, 'services' | 'store'>

/** The directory the demo simulator keeps its node trees in. */
function demoDir(host: Host): string {
  const demo = host.services.demo.demoStatus()
  const home = demo.pairId !== undefined ? host.store.pairs.get(demo.pairId)?.paths.nsmHome : undefined
  const dir = home?.replace(/\/nsm\/usr\/netscreen$/, '')
  if (!dir || dir === home) throw new Error(`demo pair paths not found (nsmHome ${home})`)
  return dir
}

/** One value of a demo node's NSM config file as it is on disk now (e.g. HaSvr/var/haSvr.cfg). */
export function demoCfgValue(host: Host, role: 'primary' | 'secondary', file: string, key: string): string {
  return (
    readFileSync(join(demoDir(host), role, 'usr/netscreen', file), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${key} `) || l.startsWith(`${key}=`))
      ?.slice(key.length + 1)
      .trim() ?? ''
  )
}

export function demoSecrets(host: Host): string[] {
  const out = new Set<string>()
  for (const role of ['primary', 'secondary'] as const) {
    out.add(demoCfgValue(host, role, 'HaSvr/var/haSvr.cfg', 'highAvail.HMACKey'))
    out.add(demoCfgValue(host, role, 'GuiSvr/var/guiSvr.cfg', 'guiSvr.clientOneTimePassword'))
  }
  const secrets = [...out]
  for (const s of secrets) if (s.length < 6) throw new Error('a demo secret could not be read from the simulator files')
  return secrets
}
