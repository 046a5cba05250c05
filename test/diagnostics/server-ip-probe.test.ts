/**
 * The probe's own reading of the server-ip address layout (docs/nsm-formats.md ): with
 * highAvail.primaryServerIp / secondaryServerIp and no local/peer keys, the trust test and the drift dry run go to
 * the address the node does not own — decided by an exact `ip -o addr` entry, else by the node's configured role —
 * and a box not in HA mode (`""`) says which key is not set. Run with the real /bin/sh on a local tree, with
 * stand-ins for `ip` and `ssh` first on PATH (the interfaces and the peer are what the test decides).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import type { SshExecutor } from '../../src-main/main/ssh/executor'
import { localExecutor, makeNodeTree } from './tree'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A node tree whose haSvr.cfg has `cfg` for its addresses, and `ip` listing `owned` (exactly). */
function node(cfg: string, owned: string[]): { paths: ReturnType<typeof makeNodeTree>; exec: SshExecutor } {
  const root = mkdtempSync(join(tmpdir(), 'nsmhad-serverip-'))
  dirs.push(root)
  // the login user is the rsync user: the trust test runs ssh directly
  const paths = makeNodeTree(root, { rsyncUser: userInfo().username })
  const cfgPath = join(paths.nsmHome, 'HaSvr/var/haSvr.cfg')
  writeFileSync(cfgPath, readFileSync(cfgPath, 'utf8').replace(/^highAvail\.localIpAddr .*\nhighAvail\.peerIpAddr .*$/m, cfg))
  const bin = join(root, 'bin')
  mkdirSync(bin)
  const shim = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`)
    chmodSync(join(bin, name), 0o755)
  }
  shim(
    'ip',
    [
      'echo "1: lo    inet 127.0.0.1/8 scope host lo"',
      ...owned.map((a, i) => `echo "${i + 2}: eth${i}    inet ${a}/24 scope global eth${i}"`)
    ].join('\n')
  )
  shim('ssh', 'exit 0')
  const local = localExecutor()
  const exec: SshExecutor = { ...local, exec: (command, o) => local.exec(`PATH=${bin}:$PATH; export PATH; ${command}`, o) }
  return { paths, exec }
}

const SERVER_IP = 'highAvail.primaryServerIp 10.1.1.1\nhighAvail.secondaryServerIp 10.1.1.2'

describe('probe: the peer address in the server-ip layout', () => {
  it('the node owns the secondary server address: its peer is the primary one, whatever its configured role', async () => {
    const { paths, exec } = node(SERVER_IP, ['10.1.1.2'])
    const c = await collectNode(exec, { role: 'primary', host: 'local', port: 22, paths, salt: 's' })
    expect(c.detail.trust?.peer).toBe('10.1.1.1')
    expect(c.detail.trust?.rc).toBe(0)
  })

  it('owning neither address: the configured role decides (primary → the secondary server address)', async () => {
    const { paths, exec } = node(SERVER_IP, ['192.168.7.7'])
    const p = await collectNode(exec, { role: 'primary', host: 'local', port: 22, paths, salt: 's' })
    expect(p.detail.trust?.peer).toBe('10.1.1.2')
    const s = await collectNode(exec, { role: 'secondary', host: 'local', port: 22, paths, salt: 's' })
    expect(s.detail.trust?.peer).toBe('10.1.1.1')
  })

  it('a box not in HA mode (`""`): the trust test names the keys not set', async () => {
    const { paths, exec } = node('highAvail.primaryServerIp ""\nhighAvail.secondaryServerIp ""', [])
    const c = await collectNode(exec, { role: 'primary', host: 'local', port: 22, paths, salt: 's' })
    expect(c.detail.trust?.skipped).toBe('highAvail.primaryServerIp/secondaryServerIp not set')
  })
})
