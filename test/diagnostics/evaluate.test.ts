import { describe, expect, it } from 'vitest'
import { CHECK_IDS, type CheckId, type CheckStatus } from '../../src-main/shared/domain/check'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import { unreachableNode } from '../../src-main/main/diagnostics/probe'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import { HEALTHY_STATUSES } from '../../src-main/shared/domain/scenario'
import { parseCfg } from '../../src-main/main/diagnostics/parsers/cfg'
import { resolveHaAddresses } from '../../src-main/main/diagnostics/parsers/ha-addresses'
import { parseHaStatus } from '../../src-main/main/diagnostics/parsers/hastatus'
import { parseAddresses } from '../../src-main/main/diagnostics/parsers/system'
import { CTX, loadNode, SALT, withSection } from './helpers'

function statuses(p: NodeCollection, s: NodeCollection, ctx = CTX): Record<CheckId, CheckStatus> {
  return Object.fromEntries(evaluatePair(p, s, ctx).map((r) => [r.id, r.status])) as Record<CheckId, CheckStatus>
}

/**
 * The exact status of every check: the healthy pair's (HEALTHY_STATUSES: every check passes, cfg.shared-disk is
 * skipped) with the listed ones on top. A check that wrongly becomes `skipped` (or anything else) fails here.
 */
function expectOnly(got: Record<CheckId, CheckStatus>, expected: Partial<Record<CheckId, CheckStatus>>) {
  const want = { ...HEALTHY_STATUSES, ...expected }
  const wrong = CHECK_IDS.filter((id) => got[id] !== want[id]).map((id) => `${id}: ${got[id]} (want ${want[id]})`)
  expect(wrong).toEqual([])
}

const sub = (from: string | RegExp, to: string) => (s: string) => s.replace(from, to)

describe('evaluatePair on fixture collections', () => {
  it('healthy pair: every check in catalog order, pass or skipped, each with evidence', () => {
    const results = evaluatePair(loadNode('primary'), loadNode('secondary'), CTX)
    expect(results.map((r) => r.id)).toEqual([...CHECK_IDS])
    expectOnly(Object.fromEntries(results.map((r) => [r.id, r.status])) as Record<CheckId, CheckStatus>, {})
    expect(results.find((r) => r.id === 'cfg.shared-disk')?.status).toBe('skipped')
    for (const r of results.filter((x) => x.status !== 'skipped')) expect(r.evidence.length, r.id).toBeGreaterThan(0)
  })

  it('never lets secrets into results', () => {
    const json = JSON.stringify(evaluatePair(loadNode('primary'), loadNode('secondary'), CTX))
    expect(json).not.toContain('0123456789abcdef0123456789abcdef')
    expect(json).not.toContain('netscreen)')
    expect(json).not.toMatch(/OneTimePassword netscreen/)
    expect(json).toMatch(/sha256:[0-9a-f]{8}/)
  })

  it('HMAC keys differ → cfg.hmac-key fail with fingerprints', () => {
    const s = loadNode('secondary', sub('highAvail.HMACKey 0123456789abcdef0123456789abcdef', 'highAvail.HMACKey other'))
    const r = evaluatePair(loadNode('primary'), s, CTX).find((x) => x.id === 'cfg.hmac-key')!
    expect(r.status).toBe('fail')
    expect(r.summary).toMatch(/primary sha256:[0-9a-f]{8}, secondary sha256:[0-9a-f]{8}/)
  })

  describe('cfg.heartbeat-port', () => {
    const port = (v: string) => sub('highAvail.heartbeatPort 7800', v)
    const result = (p: NodeCollection, s: NodeCollection) => evaluatePair(p, s, CTX).find((x) => x.id === 'cfg.heartbeat-port')!

    it('ports differ → fail naming both, nothing else changes', () => {
      const s = loadNode('secondary', port('highAvail.heartbeatPort 7801'))
      expectOnly(statuses(loadNode('primary'), s), { 'cfg.heartbeat-port': 'fail' })
      expect(result(loadNode('primary'), s).summary).toBe('heartbeat ports differ: primary 7800, secondary 7801')
    })

    it('set on one node only → warn naming the node that sets it; set on neither → pass', () => {
      const r = result(loadNode('primary'), loadNode('secondary', port('')))
      expect(r.status).toBe('warn')
      expect(r.summary).toContain('set on the primary only (7800)')
      expect(result(loadNode('primary', port('')), loadNode('secondary', port(''))).status).toBe('pass')
      // the same number written differently is the same port
      expect(result(loadNode('primary', port('highAvail.heartbeatPort 07800')), loadNode('secondary')).status).toBe('pass')
    })

    it('a value that is not a port number → unknown "not recognised" with the line, never fail', () => {
      const r = result(loadNode('primary'), loadNode('secondary', port('highAvail.heartbeatPort 78OO')))
      expect(r.status).toBe('unknown')
      expect(r.summary).toMatch(/secondary.*"78OO" not recognised/)
      expect(r.evidence.map((e) => e.excerpt)).toContain('highAvail.heartbeatPort 78OO')
    })

    it('a node that could not be read → unknown (requireAll: one side is no comparison)', () => {
      const s = unreachableNode('secondary', '127.0.0.12', 22, 'connect ECONNREFUSED 127.0.0.12:22')
      expect(result(loadNode('primary'), s).status).toBe('unknown')
    })
  })

  it('writetoLog n → warn; dirty replication → warn; peer timed out → heartbeat fail', () => {
    const off = sub('highAvail.writetoLog y', 'highAvail.writetoLog n')
    expectOnly(statuses(loadNode('primary', off), loadNode('secondary', off)), { 'cfg.write-to-log': 'warn' })
    const timedOut = sub(
      'Peer Server  : 127.0.0.12   standby            network-up    db-repl:in-sync',
      'Peer Server  : 127.0.0.12   timed-out(error)   network-down  db-repl:dirty'
    )
    const got = statuses(loadNode('primary', timedOut), loadNode('secondary'))
    expect(got['ha.heartbeat']).toBe('fail')
    expect(got['ha.db-replication']).toBe('warn')
  })

  it('addresses not mirrored → fail; a local address not owned → fail; 127.0.0.x owned through lo', () => {
    const s = loadNode('secondary', sub('highAvail.peerIpAddr 127.0.0.11', 'highAvail.peerIpAddr 127.0.0.99'))
    expect(statuses(loadNode('primary'), s)['cfg.addresses']).toBe('fail')
    const p = loadNode('primary', (o) => withSection(o, 'addresses', '2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0'))
    const r = evaluatePair(p, loadNode('secondary'), CTX).find((x) => x.id === 'cfg.addresses')!
    expect(r.status).toBe('fail')
    expect(r.summary).toContain('does not own its local address 127.0.0.11')
  })

  it('versions as releases print them: 2010.3r1 and LGB14z1 are compared and shown, never unknown', () => {
    const ver = (v: string) => (o: string) => withSection(o, 'version', v)
    const check = (pv: string, sv: string) =>
      evaluatePair(loadNode('primary', ver(pv)), loadNode('secondary', ver(sv)), CTX).find((x) => x.id === 'sys.nsm-version')!
    expect(check('2010.3r1', '2010.3r1')).toMatchObject({ status: 'pass', summary: 'both nodes run NSM 2010.3r1' })
    expect(check('2010.3r1', '2010.3R1')).toMatchObject({ status: 'pass', summary: 'both nodes run NSM 2010.3r1 (secondary: 2010.3R1)' })
    expect(check('LGB14z1', 'LGB14z1\r')).toMatchObject({ status: 'pass', summary: 'both nodes run NSM LGB14z1' })
    expect(check('LGB14z1', '2010.3r1')).toMatchObject({
      status: 'fail',
      summary: 'different NSM releases: primary LGB14z1, secondary 2010.3r1'
    })
  })

  it('addresses as highAvail.primaryServerIp / secondaryServerIp (the same two lines on both nodes): the healthy statuses, keys named', () => {
    const serverIp = (o: string) =>
      o.replace(
        /^highAvail\.localIpAddr .*\nhighAvail\.peerIpAddr .*$/m,
        'highAvail.primaryServerIp 127.0.0.11\nhighAvail.secondaryServerIp 127.0.0.12'
      )
    const results = evaluatePair(loadNode('primary', serverIp), loadNode('secondary', serverIp), CTX)
    expectOnly(Object.fromEntries(results.map((r) => [r.id, r.status])) as Record<CheckId, CheckStatus>, {})
    const addr = results.find((r) => r.id === 'cfg.addresses')!
    expect(addr.summary).toBe(
      'primary owns 127.0.0.11 (highAvail.primaryServerIp); secondary owns 127.0.0.12 (highAvail.secondaryServerIp); local/peer addresses mirrored'
    )
    expect(addr.evidence.map((e) => e.excerpt)).toContain('highAvail.secondaryServerIp 127.0.0.12')
    expect(results.find((r) => r.id === 'gui.addresses')!.status).toBe('pass')
    // the trust test's and the dry run's evidence name the key each peer address was read from
    const trustEv = results.find((r) => r.id === 'ssh.trust')!.evidence.map((e) => e.excerpt)
    expect(trustEv).toContain(
      'highAvail.secondaryServerIp 127.0.0.12 (peer address: this node owns both addresses; configured role primary)'
    )
    expect(trustEv).toContain(
      'highAvail.primaryServerIp 127.0.0.11 (peer address: this node owns both addresses; configured role secondary)'
    )
    expect(results.find((r) => r.id === 'rsync.drift')!.evidence.map((e) => e.excerpt)).toContain(
      'highAvail.secondaryServerIp 127.0.0.12 (peer address: this node owns both addresses; configured role primary)'
    )
    // not the same on both nodes: not mirrored
    const other = (o: string) => serverIp(o).replace('highAvail.primaryServerIp 127.0.0.11', 'highAvail.primaryServerIp 127.0.0.13')
    const bad = evaluatePair(loadNode('primary', serverIp), loadNode('secondary', other), CTX).find((r) => r.id === 'cfg.addresses')!
    expect(bad.status).toBe('fail')
    expect(bad.summary).toContain(
      'primary local 127.0.0.11 (highAvail.primaryServerIp) ≠ secondary peer 127.0.0.13 (highAvail.primaryServerIp)'
    )
    // a box not in HA mode writes the literal "": not set
    const noHa = (o: string) => serverIp(o).replace(/ServerIp 127\.0\.0\.1[12]/g, 'ServerIp ""')
    const r = evaluatePair(loadNode('primary', noHa), loadNode('secondary', noHa), CTX).find((x) => x.id === 'cfg.addresses')!
    expect(r.status).toBe('fail')
    expect(r.summary).toContain('primary: local address not set in haSvr.cfg (highAvail.primaryServerIp)')
  })

  it('server-ip layout: the node’s own address is the one it owns, whatever its configured role; else its role', () => {
    const cfg = (role: 'primary' | 'secondary', text: string) => ({
      ...parseCfg(text, 'haSvr.cfg', SALT),
      role
    })
    const text = 'highAvail.primaryServerIp 10.1.1.1\nhighAvail.secondaryServerIp 10.1.1.2\n'
    const owns = (a: string) => parseAddresses(`2: eth0    inet ${a}/24 brd 10.1.1.255 scope global eth0`, 'ip -o addr show')
    // configured as the pair's primary, but it owns the secondary server address (roles given the other way round)
    const swapped = resolveHaAddresses(cfg('primary', text), 'primary', owns('10.1.1.2'))!
    expect([swapped.local?.value, swapped.local?.key, swapped.peer?.value, swapped.basis]).toEqual([
      '10.1.1.2',
      'highAvail.secondaryServerIp',
      '10.1.1.1',
      'owns 10.1.1.2'
    ])
    // owning neither (or both): the configured role decides
    const byRole = resolveHaAddresses(cfg('secondary', text), 'secondary', owns('192.168.9.9'))!
    expect([byRole.local?.value, byRole.peer?.value, byRole.basis]).toEqual(['10.1.1.2', '10.1.1.1', 'configured role secondary'])
    // the local/peer names still win when present
    const lp = resolveHaAddresses(cfg('primary', 'highAvail.localIpAddr 10.0.0.5\nhighAvail.peerIpAddr 10.0.0.6\n'), 'primary')!
    expect([lp.layout, lp.local?.value, lp.peer?.key]).toEqual(['local-peer', '10.0.0.5', 'highAvail.peerIpAddr'])
  })

  it('haStatus as KB10366 prints it (ON after a dot leader) and IP-led state lines placed by the address the node owns', () => {
    const kb = [
      '      H/A process status',
      '',
      '      Retrieving status...',
      '      highAvail (pid 26654)..............................ON',
      '      highAvailSvr (pid 27828)...........................OFF',
      '',
      '      State of the local and peer H/A server',
      '',
      '      Local Server: running network-up db-repl:in-sync',
      '',
      '      Peer Server: standby network-up db-repl:in-sync'
    ].join('\n')
    const f = parseHaStatus(kb, 0)
    expect(f.processes).toEqual({ highAvail: 'started', highAvailSvr: 'stopped' })
    expect([f.local?.state, f.peer?.state, f.recognised]).toEqual(['running', 'standby', true])
    // IP-led lines (PR 592133's reading): the primary owns 127.0.0.11 through its configured local address
    const ipLed = (local: string, peer: string) => (o: string) =>
      withSection(o, 'hastatus', `${local} running network-up db-repl:in-sync\n${peer} standby network-up db-repl:in-sync`)
    const p = loadNode('primary', ipLed('127.0.0.11', '127.0.0.12'))
    const s = loadNode('secondary', ipLed('127.0.0.11', '127.0.0.12'))
    const got = statuses(p, s)
    expectOnly(got, {})
    expect(s.facts.haStatus?.local?.addr).toBe('127.0.0.12')
    expect(s.facts.haStatus?.local?.state).toBe('standby')
    // lines that cannot be placed (neither address is the node's): not recognised, unknown — never fail
    const strange = loadNode('primary', ipLed('10.9.9.1', '10.9.9.2'))
    const r = evaluatePair(strange, loadNode('secondary'), CTX)
    expect(r.filter((x) => x.status === 'fail').map((x) => x.id)).toEqual([])
    expect(r.find((x) => x.id === 'ha.heartbeat')!.status).toBe('warn')
  })

  it('an assumed key under none of the names known is unknown, naming the names tried and the keys present (never a value)', () => {
    const noPing = (o: string) =>
      withSection(o.replace(/^highAvail\.pingableIp .*\n/m, ''), 'ping', '@skip highAvail.pingableIp not set', 3)
    const r = evaluatePair(loadNode('primary', noPing), loadNode('secondary'), CTX).find((x) => x.id === 'net.pingable-ip')!
    expect(r.status).toBe('unknown')
    expect(r.summary).toMatch(
      /^primary: not found under the names known \(highAvail\.pingableIp, highAvail\.pingableIpAddr, highAvail\.pingIp\); keys present: highAvail\.isHaEnabled, highAvail\.localIpAddr, /
    )
    expect(r.summary).toContain('highAvail.HMACKey')
    expect(JSON.stringify(r)).not.toMatch(/0123456789abcdef|127\.0\.0\.12\b.*keys present/)
    // present under a known name but empty: not set, a configuration fault
    const empty = (o: string) =>
      withSection(o.replace(/^highAvail\.pingableIp .*$/m, 'highAvail.pingableIp'), 'ping', '@skip highAvail.pingableIp not set', 3)
    expect(statuses(loadNode('primary', empty), loadNode('secondary'))['net.pingable-ip']).toBe('fail')
    // the local/peer address names are assumed too: a peer key under none of its names is unknown; empty is not set
    const noPeer = (o: string) => o.replace(/^highAvail\.peerIpAddr .*\n/m, '')
    const a = evaluatePair(loadNode('primary', noPeer), loadNode('secondary'), CTX).find((x) => x.id === 'cfg.addresses')!
    expect(a.status).toBe('unknown')
    expect(a.summary).toContain(
      'primary: not found under the names known (highAvail.peerIpAddr, highAvail.peerAddr, highAvail.peerIp); keys present: '
    )
    const emptyPeer = (o: string) => o.replace(/^highAvail\.peerIpAddr .*$/m, 'highAvail.peerIpAddr')
    expect(statuses(loadNode('primary', emptyPeer), loadNode('secondary'))['cfg.addresses']).toBe('fail')
    // the shared disk key (assumed) absent on both nodes: unknown, not "no shared disk configured"
    const noDisk = (o: string) => o.replace(/^highAvail\.sharedDisk .*\n/m, '')
    const d = evaluatePair(loadNode('primary', noDisk), loadNode('secondary', noDisk), CTX).find((x) => x.id === 'cfg.shared-disk')!
    expect(d.status).toBe('unknown')
    expect(d.summary).toContain('primary: not found under the names known (highAvail.sharedDisk); keys present: ')
  })

  it('the last start in no file read (fixtures): the checks decided since it are unknown naming the files searched, none fails', () => {
    const noStart = (o: string) =>
      withSection(
        o.replace(/^0:#count START 1\n1:.*guiSvrManager starting.*\n/m, '').replace(/^6:.*NEWMASTER.*\n7:.*STARTUPDONE.*$/m, '') + '',
        'guilog-rotated',
        'file=/usr/netscreen/GuiSvr/var/errorLog/guiDaemon.1\nsize=2048\n0:#count DB_PANIC 1\n12:[2026/11/20 01:00:00] [error] [bdbRep] DB_PANIC: old'
      ).replace(
        /^5:(.*DB_EVENT_REP_CLIENT)$/m,
        '5:$1\n8:[2026/11/25 06:40:00] ourRsaPrivateKey is missing in x!\n9:[2026/11/25 06:40:01] ourRsaPrivateKey is missing in x!'
      )
    const results = evaluatePair(loadNode('primary'), loadNode('secondary', noStart), CTX)
    expect(results.filter((r) => r.status === 'fail').map((r) => `${r.id}: ${r.summary}`)).toEqual([])
    for (const id of ['gui.ha-link', 'gui.shadow-server-record', 'gui.addresses', 'db.panic', 'repl.secondary-startup']) {
      const r = results.find((x) => x.id === id)!
      expect(r.status, id).toBe('unknown')
      expect(r.summary, id).toContain(
        'last start not found in guiDaemon.0 … guiDaemon.9(.gz) (searched guiDaemon.0 (4096 bytes), guiDaemon.1 (2048 bytes))'
      )
      expect(r.summary, id).not.toMatch(/since (the|its) last start/)
    }
    // no knock-on from a start-up that could not be judged: the transaction logs are still compared
    expect(results.find((x) => x.id === 'repl.logs-match')!.status).toBe('pass')
    const otp = results.find((x) => x.id === 'gui.one-time-password')!
    expect(otp.status).toBe('unknown')
    expect(otp.summary).toContain('"ourRsaPrivateKey is missing" 2 times in guiDaemon.0 (4096 bytes), guiDaemon.1 (2048 bytes)')
    expect(otp.summary).not.toMatch(/since the last start/)
  })

  it('split brain: both master → role.assignment and db.diverged fail; secondary start-up skipped', () => {
    const s = loadNode(
      'secondary',
      sub(
        'DB_EVENT_REP_STARTUPDONE',
        'DB_EVENT_REP_STARTUPDONE\n8:[2026/11/25 06:40:00.000] [info] [bdbRep] get BDB event DB_EVENT_REP_MASTER'
      )
    )
    const got = statuses(loadNode('primary'), s)
    expect(got['role.assignment']).toBe('fail')
    expect(got['db.diverged']).toBe('fail')
    expect(got['repl.secondary-startup']).toBe('skipped')
  })

  it('DB_PANIC counts only after the last start; after a role change it is divergence', () => {
    const old = (o: string) =>
      o.replace(
        '1:[2026/11/25 06:30:05.123] [info] [guiSvrManager] guiSvrManager starting (pid 4343)',
        '1:[2026/11/25 06:20:00] [error] [bdbRep] DB_PANIC: fatal region error\n9:[2026/11/25 06:30:05.123] [info] [guiSvrManager] guiSvrManager starting (pid 4343)'
      )
    // the start is now on line 9, after every event: nothing counts since it
    expect(statuses(loadNode('primary'), loadNode('secondary', old))['db.panic']).toBe('pass')
    const recent = sub(
      '7:[2026/11/25 06:30:09.900] [info] [bdbRep] get BDB event DB_EVENT_REP_STARTUPDONE',
      '7:[2026/11/25 06:30:09.900] [info] [bdbRep] get BDB event DB_EVENT_REP_STARTUPDONE\n8:[2026/11/25 06:31:00.000] [error] [bdbRep] DB_PANIC: fatal region error detected; run recovery'
    )
    const got = statuses(loadNode('primary'), loadNode('secondary', recent))
    expectOnly(got, { 'db.panic': 'fail' })
    const diverged = (o: string) =>
      recent(o)
        .replace(
          '5:[2026/11/25 06:30:06.010]',
          '0:#count MASTER 1\n1:[2026/11/25 06:00:00] [info] get BDB event DB_EVENT_REP_MASTER\n5:[2026/11/25 06:30:06.010]'
        )
        .replace(/^1:\[2026\/11\/25 06:30:05\.123\]/m, '2:[2026/11/25 06:30:05.123]')
    const got2 = statuses(loadNode('primary'), loadNode('secondary', diverged))
    expect(got2['db.diverged']).toBe('fail')
    expect(got2['db.panic']).toBe('fail')
  })

  it('replication in progress: NEWMASTER only, data behind, logs differ, dirty → warns', () => {
    const s = loadNode('secondary', (o) =>
      withSection(
        withSection(o.replace(/^7:.*STARTUPDONE\n/m, '').replace(/db-repl:in-sync/g, 'db-repl:dirty'), 'xdb-data', '5 300000'),
        'xdb-log',
        '10485760 log.0000000001\n1000 log.0000000002'
      )
    )
    const got = statuses(loadNode('primary'), s)
    expectOnly(got, {
      'ha.db-replication': 'warn',
      'repl.secondary-startup': 'warn',
      'repl.data-progress': 'warn',
      'repl.logs-match': 'warn'
    })
  })

  it('repl.data-progress reports growth since the previous run', () => {
    const p = loadNode('primary')
    const s = loadNode('secondary', (o) => withSection(o.replace(/^7:.*STARTUPDONE\n/m, ''), 'xdb-data', '5 300000'))
    const previous = { nodes: { secondary: { ...s.facts, xdb: { ...s.facts.xdb!, dataBytes: 100000 } } } } as never
    const r = evaluatePair(p, s, { ...CTX, previous }).find((x) => x.id === 'repl.data-progress')!
    expect(r.status).toBe('warn')
    expect(r.summary).toMatch(/\+195 KiB since the last run/)
  })

  it('one-time password: mismatch fails, record missing is unknown', () => {
    const s = loadNode('secondary', sub('guiSvr.clientOneTimePassword netscreen', 'guiSvr.clientOneTimePassword other'))
    expect(statuses(loadNode('primary'), s)['gui.one-time-password']).toBe('fail')
    const p = loadNode('primary', (o) => withSection(o, 'viewer', 'record 0.shadow_server.2 not found'))
    expect(statuses(p, loadNode('secondary'))['gui.one-time-password']).toBe('unknown')
  })

  it('clock skew 10 s warn, 120 s fail; disk 95 % used warn, 99 % fail', () => {
    const base = loadNode('primary')
    expect(statuses(base, loadNode('secondary', undefined, { clockSkewS: 10 }))['sys.clock-skew']).toBe('warn')
    expect(statuses(base, loadNode('secondary', undefined, { clockSkewS: 120 }))['sys.clock-skew']).toBe('fail')
    const df = (used: number) => (o: string) =>
      withSection(
        o,
        'df',
        `Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 10000000 ${used * 100000} ${(100 - used) * 100000} ${used}% /var`
      )
    expect(statuses(base, loadNode('secondary', df(95)))['sys.disk-space']).toBe('warn')
    expect(statuses(base, loadNode('secondary', df(99)))['sys.disk-space']).toBe('fail')
  })

  it('an unreachable secondary: sys.reachable fail, its checks unknown, primary facts still evaluated', () => {
    const s = unreachableNode('secondary', '127.0.0.12', 22, 'connect ECONNREFUSED 127.0.0.12:22')
    const results = evaluatePair(loadNode('primary'), s, CTX)
    const get = (id: CheckId) => results.find((r) => r.id === id)!
    expect(get('sys.reachable').status).toBe('fail')
    expect(get('sys.reachable').summary).toContain('ECONNREFUSED')
    expect(get('cfg.ha-enabled').status).toBe('unknown')
    expect(get('cfg.ha-enabled').summary).toContain('secondary not reachable')
    // a primary-side failure still shows as fail
    const p = loadNode('primary', sub('highAvail.isHaEnabled y', 'highAvail.isHaEnabled n'))
    expect(evaluatePair(p, s, CTX).find((r) => r.id === 'cfg.ha-enabled')!.status).toBe('fail')
  })

  it('a probe cut off mid-output keeps what arrived and marks the rest unknown', () => {
    const s = loadNode('secondary', (o) => o.slice(0, o.indexOf('@@NSMHAD-fixture ping begin@@') + 60))
    expect(s.detail.unreadable).toContain('ping')
    expect(s.detail.unreadable).not.toContain('cfg.haSvr')
    const got = statuses(loadNode('primary'), s)
    expect(got['cfg.ha-enabled']).toBe('pass')
    expect(got['net.pingable-ip']).toBe('unknown')
    expect(got['sys.reachable']).toBe('warn')
  })

  it('rsync errors after the last SUCCESS fail with the failing command extracted', () => {
    const p = loadNode('primary', (o) =>
      withSection(
        o,
        'halog',
        [
          'path=/usr/netscreen/HaSvr/var/errorLog/ha.log',
          'size=900',
          'success=5:[2026/11/25 06:29:51] INFO  haDoDirect: result SUCCESS',
          '5:[2026/11/25 06:29:51] INFO  haDoDirect: result SUCCESS',
          '7:[2026/11/25 07:00:00] INFO  cmd: /usr/bin/rsync -az -e "ssh -o BatchMode=yes" /usr/netscreen/GuiSvr/var/ nsm@127.0.0.12:/usr/netscreen/GuiSvr/var/',
          '8:[2026/11/25 07:00:01] ERROR ssh: Permission denied (publickey).',
          '9:[2026/11/25 07:00:01] INFO  haDoDirect: result FAIL'
        ].join('\n')
      )
    )
    const r = evaluatePair(p, loadNode('secondary'), CTX).find((x) => x.id === 'rsync.ha-log-errors')!
    expect(r.status).toBe('fail')
    expect(r.summary).toContain('failing command: /usr/bin/rsync -az -e "ssh -o BatchMode=yes"')
    expect(r.evidence[0]).toMatchObject({ node: 'primary', source: '/usr/netscreen/HaSvr/var/errorLog/ha.log', line: 7 })
  })
  it('knock-on effects stay with the check that owns them', () => {
    // a wrong peer address: cfg.addresses fails; the trust test went to the wrong host, so that direction
    // was not tested: ssh.trust reports both directions and is at best warn (never pass on one direction)
    const wrongPeer = (o: string) =>
      withSection(
        o.replace('highAvail.peerIpAddr 127.0.0.11', 'highAvail.peerIpAddr 127.0.0.99'),
        'trust',
        'user=nsm\npeer=127.0.0.99\nssh: connect to host 127.0.0.99 port 22: Connection refused',
        255
      )
    const results = evaluatePair(loadNode('primary'), loadNode('secondary', wrongPeer), CTX)
    const got = Object.fromEntries(results.map((r) => [r.id, r.status])) as Record<CheckId, CheckStatus>
    expect(got['cfg.addresses']).toBe('fail')
    const trust = results.find((r) => r.id === 'ssh.trust')!
    expect(trust.status).toBe('warn')
    expect(trust.summary).toBe(
      "primary → secondary as nsm: no password needed; secondary → primary: not tested — it went to 127.0.0.99, which is not the primary's address 127.0.0.11 (see cfg.addresses)"
    )
    // record missing plus repeated ourRsaPrivateKey lines: still unknown
    const rsa = (o: string) =>
      o.replace(
        /^7:(.*)$/m,
        '7:$1\n8:[2026/11/25 06:40:00] ourRsaPrivateKey is missing in x!\n9:[2026/11/25 06:40:01] ourRsaPrivateKey is missing in x!'
      )
    const p = loadNode('primary', (o) => withSection(o, 'viewer', 'record 0.shadow_server.2 not found'))
    expect(statuses(p, loadNode('secondary', rsa))['gui.one-time-password']).toBe('unknown')
    expect(statuses(loadNode('primary'), loadNode('secondary', rsa))['gui.one-time-password']).toBe('fail')
    // a secondary that never connected: logs differ but only repl.secondary-startup fails
    const never = (o: string) => withSection(o.replace(/^[67]:.*\n/gm, ''), 'xdb-log', '100 log.0000000001')
    expectOnly(statuses(loadNode('primary'), loadNode('secondary', never)), {
      'repl.secondary-startup': 'fail',
      'repl.logs-match': 'skipped'
    })
  })
})
