/**
 * Collect a simulated node's probe output as an admin does with `nsm-ha-doctor probe-script`: the printed
 * script put in a file and run with `sh FILE` over SSH, its output kept. The simulated nodes share this
 * machine's file system; the simulator maps its virtual NSM root and the OS files a node answers from its own tree
 * (its host name, /etc/passwd, /proc/mounts, the session user's /proc/self/status) in the command text it is sent
 * (src-main/simulator/scripts.ts), and a file is not a command, so the same mapping (asOnNode) is applied to the
 * file here (the header line carries the paths base64-encoded: untouched).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SimPair } from '../../src-main/simulator/index'
import { asOnNode } from '../../src-main/simulator/scripts'
import { virtualRoot } from '../../src-main/simulator/tree'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import type { HostKeyStore } from '../../src-main/main/ssh/executor'
import { offlineProbeScript } from '../../src-main/main/offline/collected'

export async function collectByHand(sim: SimPair, role: 'primary' | 'secondary', dir: string, hostKeys: HostKeyStore): Promise<Buffer> {
  const n = sim[role]
  const exec = await connectNode({
    endpoint: { host: n.host, port: n.port, user: n.user, auth: 'key', identityFile: n.clientKeyPath, sudo: 'none' },
    hostKeys,
    acceptNewHostKey: true
  })
  try {
    const vroot = virtualRoot(sim.dir)
    const file = join(dir, `probe-${role}.sh`)
    const script = offlineProbeScript({ role, paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit } })
    writeFileSync(file, asOnNode(script, vroot, n.root, n.user))
    const res = await exec.exec(`sh ${file}`, { timeoutMs: 120_000 })
    if (res.code !== 0) throw new Error(`probe exited ${res.code}: ${res.stderr.split('\n')[0]}`)
    return Buffer.from(res.stdout, 'utf8')
  } finally {
    exec.close()
  }
}

/** Both nodes' outputs written as primary.txt and secondary.txt in `dir`. */
export async function collectedFiles(sim: SimPair, dir: string, hostKeys: HostKeyStore): Promise<{ primary: string; secondary: string }> {
  const out = { primary: join(dir, 'primary.txt'), secondary: join(dir, 'secondary.txt') }
  for (const role of ['primary', 'secondary'] as const) writeFileSync(out[role], await collectByHand(sim, role, dir, hostKeys))
  return out
}
