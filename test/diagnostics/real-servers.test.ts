/**
 * NSM node trees in formats the simulator does not print, served by real OpenSSH (sshd) with the probe
 * run over SSH exactly as against a real pair: a healthy pair must not raise false alarms, a verdict
 * must not claim more than was read, and one node's blocked file or runaway command costs only its own
 * sections. Each test edits the simulated trees after the pair started (the scenario resets them).
 */
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CheckId, CheckResult } from '../../src-main/shared/domain/check'
import type { ScenarioName } from '../../src-main/shared/domain/scenario'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import { collectOverSsh, memoryHostKeys } from './collect-over-ssh'
import type { HostKeyStore } from '../../src-main/main/ssh/executor'
import type { SimPair } from '../../src-main/simulator/index'
import { startOpenSshPair, findSshd } from '../../src-main/simulator/openssh'
import { requireSystem } from '../helpers/system'

const SALT = 'real-servers-salt'
const gate = requireSystem('OpenSSH sshd', !!findSshd(), 'apt-get install openssh-server')

export function collectOver(
  pair: SimPair,
  role: 'primary' | 'secondary',
  hostKeys: HostKeyStore,
  timeoutMs = 90_000
): Promise<NodeCollection> {
  return collectOverSsh(pair, role, hostKeys, { salt: SALT, timeoutMs })
}

describe.skipIf(!gate.available)('on real OpenSSH: formats the simulator does not print', () => {
  let pair: SimPair
  const hostKeys = memoryHostKeys()
  const file = (role: 'primary' | 'secondary', rel: string): string => join(pair[role].root, rel)
  const HASTATUS = 'usr/netscreen/HaSvr/utils/haStatus'
  const script = (role: 'primary' | 'secondary', rel: string, body: string): void => {
    writeFileSync(file(role, rel), `#!/bin/sh\n${body}`)
    chmodSync(file(role, rel), 0o755)
  }
  const run = async (): Promise<{ p: NodeCollection; s: NodeCollection; results: CheckResult[]; get: (id: CheckId) => CheckResult }> => {
    const [p, s] = await Promise.all([collectOver(pair, 'primary', hostKeys), collectOver(pair, 'secondary', hostKeys)])
    const results = evaluatePair(p, s, { salt: SALT, now: Date.now() })
    return { p, s, results, get: (id) => results.find((r) => r.id === id)! }
  }
  const scenario = async (name: ScenarioName): Promise<void> => pair.applyScenario(name)

  beforeAll(async () => {
    pair = await startOpenSshPair()
  }, 60_000)
  afterAll(async () => {
    await pair?.stop()
  })
  beforeEach(async () => {
    await scenario('healthy')
  })

  it('haStatus printing only the two KB10366 lines: ha.services passes, decided by the Local Server state', async () => {
    for (const [role, local, peer] of [
      ['primary', 'running', 'standby'],
      ['secondary', 'standby', 'running']
    ] as const) {
      script(
        role,
        HASTATUS,
        `echo 'Local Server: ${local} network-up db-repl:in-sync'\necho 'Peer Server: ${peer} network-up db-repl:in-sync'\n`
      )
    }
    const { get } = await run()
    expect(get('ha.services').status).toBe('pass')
    expect(get('ha.services').summary).toBe(
      'primary: highAvail and highAvailSvr started (haStatus Local Server: running); secondary: highAvail and highAvailSvr started (haStatus Local Server: standby)'
    )
    expect(get('ha.heartbeat').status).toBe('pass')
    expect(get('ha.db-replication').status).toBe('pass')
  }, 120_000)

  it('process lines in other wordings (`highAvail : started`, `highAvailSvr is running`) count', async () => {
    for (const role of ['primary', 'secondary'] as const)
      script(role, HASTATUS, "echo 'highAvail : started'\necho 'highAvailSvr is running'\n")
    const { get } = await run()
    expect(get('ha.services').status).toBe('pass')
    expect(get('ha.services').summary).toContain('primary: highAvail and highAvailSvr started (haStatus process line)')
    expect(get('ha.services').evidence.map((e) => e.excerpt)).toContain('highAvailSvr is running')
  }, 120_000)

  it('haStatus not recognised: the init script decides ha.services; with no source at all it is unknown with the raw lines', async () => {
    script('secondary', HASTATUS, "echo 'HA daemon OK, all good'\n")
    let r = await run()
    expect(r.get('ha.services').status).toBe('pass')
    expect(r.get('ha.services').summary).toContain(
      `secondary: highAvail and highAvailSvr started (${pair.secondary.haInit} status (exit 0))`
    )
    rmSync(file('secondary', 'etc/init.d/haSvr'))
    r = await run()
    expect(r.get('ha.services').status).toBe('unknown')
    expect(r.get('ha.services').summary).toContain('secondary: haStatus output not recognised')
    expect(r.get('ha.services').evidence.find((e) => e.node === 'secondary')!.excerpt).toContain('HA daemon OK, all good')
  }, 120_000)

  it('haStatus not recognised and no init script: the process table decides (processes named highAvail, highAvailSvr)', async () => {
    script('secondary', HASTATUS, "echo 'HA daemon OK, all good'\n")
    rmSync(file('secondary', 'etc/init.d/haSvr'))
    // two processes named as NSM's HA processes, for the length of the run
    const bin = file('secondary', '.sim/fake-proc')
    mkdirSync(bin, { recursive: true })
    const procs = ['highAvail', 'highAvailSvr'].map((name) => {
      copyFileSync('/bin/sleep', join(bin, name))
      return spawn(join(bin, name), ['120'], { stdio: 'ignore' })
    })
    try {
      const { get, s } = await run()
      expect(s.detail.ps?.lines.some((l) => /\/highAvailSvr 120$/.test(l))).toBe(true)
      expect(get('ha.services').status).toBe('pass')
      expect(get('ha.services').summary).toContain('secondary: highAvail and highAvailSvr started (process table)')
    } finally {
      for (const p of procs) p.kill('SIGKILL')
    }
  }, 120_000)

  it('ssh.trust reports both directions; one refused at an address that is not the peer makes it warn, never pass', async () => {
    // the secondary's configured peer is an address nothing listens on: its trust test is refused
    const cfg = file('secondary', 'usr/netscreen/HaSvr/var/haSvr.cfg')
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^highAvail\.peerIpAddr .*$/m, 'highAvail.peerIpAddr 127.0.0.13'))
    const { get, s } = await run()
    expect(s.detail.trust?.output).toMatch(/Connection refused|timed out|No route/)
    const trust = get('ssh.trust')
    expect(trust.status).toBe('warn')
    expect(trust.summary).toMatch(
      /^primary → secondary as nsm: no password needed; secondary → primary: not tested — it went to 127\.0\.0\.13/
    )
    expect(get('cfg.addresses').status).toBe('fail')
  }, 120_000)

  it('the failing rsync command from ha.log is kept whole (3 KiB), and a longer line is cut visibly', async () => {
    const dest = 'nsm@127.0.0.12:/usr/netscreen/GuiSvr/var/'
    const cmd = `/usr/bin/rsync -az ${Array.from({ length: 150 }, (_, i) => `--exclude=/usr/netscreen/GuiSvr/var/tmp/dir${i}`).join(' ')} -e "ssh -o BatchMode=yes" /usr/netscreen/GuiSvr/var/ ${dest}`
    expect(cmd.length).toBeGreaterThan(3000)
    const huge = `[2026/11/25 07:00:02] ERROR rsync: ${'x'.repeat(20_000)}`
    writeFileSync(
      file('primary', 'usr/netscreen/HaSvr/var/errorLog/ha.log'),
      `[2026/11/25 06:29:51] INFO  haDoDirect: result SUCCESS\n[2026/11/25 07:00:00] INFO  cmd: ${cmd}\n[2026/11/25 07:00:01] ERROR ssh: Permission denied (publickey).\n${huge}\n`
    )
    const { get } = await run()
    const r = get('rsync.ha-log-errors')
    expect(r.status).toBe('fail')
    expect(r.summary).toContain(`failing command: ${cmd}`)
    expect(r.evidence.find((e) => e.line === 2)!.excerpt).toBe(`[2026/11/25 07:00:00] INFO  cmd: ${cmd}`)
    const cut = r.evidence.find((e) => e.line === 4)!.excerpt
    expect(cut).toMatch(/ … \[cut: \d+ more bytes\]$/)
    expect(cut.startsWith('[2026/11/25 07:00:02] ERROR rsync: xxx')).toBe(true)
  }, 120_000)

  it('a FIFO as ha.log costs only its own section: "not readable (not a regular file) PATH", never opened, later sections still arrive', async () => {
    const log = file('primary', 'usr/netscreen/HaSvr/var/errorLog/ha.log')
    rmSync(log)
    execFileSync('mkfifo', [log])
    try {
      const { p, get } = await run()
      expect(p.detail.sections.halog).toMatchObject({ rc: 2, truncated: false })
      // (the simulator's node names its own tree in the path)
      const path = p.detail.haLog!.error!.replace(/^not readable \(not a regular file\): /, '')
      expect(path).toMatch(/\/HaSvr\/var\/errorLog\/ha\.log$/)
      expect(p.detail.unreadable).toEqual([])
      expect(p.detail.guiLog?.present).toBe(true)
      expect(p.facts.disk?.sizeBytes).toBeGreaterThan(0)
      expect(p.facts.xdb?.dataFiles).toBeGreaterThan(0)
      expect(get('rsync.ha-log-errors').status).toBe('unknown')
      expect(get('rsync.ha-log-errors').summary).toContain(`primary: ha.log not readable (not a regular file): ${path}`)
      expect(get('db.panic').status).toBe('pass')
      expect(get('sys.disk-space').status).toBe('pass')
    } finally {
      rmSync(log, { force: true })
    }
  }, 120_000)

  it("one side's haStatus not recognised: ha.heartbeat and ha.db-replication warn and name that side", async () => {
    script('secondary', HASTATUS, "echo 'Segmentation fault (core dumped)'\n")
    const { get } = await run()
    for (const id of ['ha.heartbeat', 'ha.db-replication'] as const) {
      expect(get(id).status, id).toBe('warn')
      expect(get(id).summary, id).toMatch(
        /^only primary could be read: .*; secondary not read \(secondary: haStatus output not recognised\)$/
      )
    }
  }, 120_000)

  it('a runaway haStatus is cut while it streams: it is stopped after the first 8 KiB, never read whole', async () => {
    const done = file('primary', '.sim/state/hastatus-finished')
    const line = 'Local Server: running network-up db-repl:in-sync '.padEnd(10_000, 'x')
    script('primary', HASTATUS, `i=0\nwhile [ $i -lt 5000 ]; do printf '%s\\n' '${line}' || exit 1; i=$((i + 1)); done\n: > '${done}'\n`)
    const { p } = await run()
    expect(p.detail.sections.hastatus).toMatchObject({ rc: 141, truncated: false })
    expect(p.detail.sections.hastatus!.text.length).toBeLessThanOrEqual(8192 + 1)
    // 50 MB were never written: haStatus got SIGPIPE as soon as the probe had its 8 KiB
    expect(existsSync(done)).toBe(false)
  }, 120_000)

  it('a stopped node has no role: with the secondary stopped, role.assignment does not report it as client', async () => {
    await scenario('peer-services-down')
    const { get } = await run()
    const r = get('role.assignment')
    expect(r.summary).not.toContain('secondary is client')
    expect(r.status).toBe('skipped')
    expect(r.summary).toMatch(
      /^primary is master; secondary has no current role: stopped \(line \d+\) after its last role event \(see ha\.services\)$/
    )
    expect(r.evidence.some((e) => e.node === 'secondary' && /guiSvrManager stopping/.test(e.excerpt))).toBe(true)
    expect(get('ha.services').status).toBe('fail')
  }, 120_000)

  /** the checks decided "since the last start" */
  const SINCE_START: CheckId[] = ['gui.ha-link', 'gui.shadow-server-record', 'gui.addresses', 'db.panic', 'repl.secondary-startup']
  const ERRLOG = 'usr/netscreen/GuiSvr/var/errorLog'

  it('the last start in no file (rotated away): every check that needs it is unknown with the reason, none fails', async () => {
    // the secondary's last start, ha-link, address and role lines are only in guiDaemon.1; remove the rotated files
    await scenario('last-start-rotated')
    for (const k of [1, 2]) rmSync(file('secondary', `${ERRLOG}/guiDaemon.${k}`), { force: true })
    const { results, get, s } = await run()
    expect(s.detail.guiLog?.present).toBe(true)
    expect(results.filter((r) => r.status === 'fail').map((r) => `${r.id}: ${r.summary}`)).toEqual([])
    for (const id of SINCE_START) {
      const r = get(id)
      expect(r.status, id).toBe('unknown')
      expect(r.summary, id).toMatch(
        /secondary: cannot tell .*: last start not found in guiDaemon\.0 … guiDaemon\.9\(\.gz\) \(searched guiDaemon\.0 \(\d+ bytes\)\)/
      )
      // no summary claims a search "since the last start" that did not start there
      expect(r.summary, id).not.toMatch(/since (the|its) last start/)
    }
  }, 120_000)

  it('rotated-gz: the last start only in guiDaemon.1.gz (read with gzip -dc): the healthy verdicts, evidence from the .gz', async () => {
    await scenario('last-start-rotated')
    for (const k of [1, 2]) execFileSync('gzip', ['-f', file('secondary', `${ERRLOG}/guiDaemon.${k}`)])
    const { results, get, s } = await run()
    expect(
      results.filter((r) => r.status !== 'pass' && r.id !== 'cfg.shared-disk').map((r) => `${r.id}: ${r.status} ${r.summary}`)
    ).toEqual([])
    expect((s.detail.guiLog?.rotated ?? []).map((r) => r.source.split('/').pop())).toEqual(['guiDaemon.1.gz'])
    for (const id of SINCE_START)
      expect(
        // a line read from it, or "nothing since line N of …/guiDaemon.1.gz" (the search started there)
        get(id).evidence.some(
          (e) => e.node === 'secondary' && (e.source.endsWith('/guiDaemon.1.gz') || /of \S+\/guiDaemon\.1\.gz /.test(e.excerpt))
        ),
        id
      ).toBe(true)
  }, 120_000)

  it('a config in a format not recognised (XML) is unknown "not recognised" with its first lines, never "not set"', async () => {
    writeFileSync(
      file('secondary', 'usr/netscreen/HaSvr/var/haSvr.cfg'),
      '<?xml version="1.0"?>\n<highAvail>\n  <isHaEnabled>y</isHaEnabled>\n  <HMACKey>s3cr3t-hmac</HMACKey>\n</highAvail>\n'
    )
    const { get, s } = await run()
    const r = get('cfg.ha-enabled')
    expect(r.status).toBe('unknown')
    expect(r.summary).toContain('secondary: not recognised: no highAvail.* setting')
    expect(r.evidence.find((e) => e.node === 'secondary')!.excerpt).toContain('<isHaEnabled>y</isHaEnabled>')
    expect(get('cfg.hmac-key').status).toBe('unknown')
    expect(s.facts.unrecognised?.map((u) => u.section)).toContain('cfg.haSvr')
    expect(JSON.stringify(s.facts)).not.toContain('s3cr3t-hmac')
  }, 120_000)
})
