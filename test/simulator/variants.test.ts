/**
 * The format variants, seen over real SSH as an admin sees them: each variant writes what docs/nsm-formats.md
 * ("Format variants") says — haStatus layout, guiDaemon.0 stamps (also the lines the init script writes
 * live), CRLF, config line styles, alias and duplicate keys, rotated guiDaemon.0, long ha.log command
 * lines — and the simulated pair stays healthy in every one (its own haStatus reads the variant's configs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SIM_VARIANTS, startSimPair, type SimNodeInfo, type SimPair, type SimVariant } from '../../src-main/simulator/index'
import { login, type NodeSession } from './ssh'

let pair: SimPair
const sessions = new Map<string, NodeSession>()

beforeAll(async () => {
  pair = await startSimPair()
})
afterAll(async () => {
  for (const s of sessions.values()) s.close()
  await pair?.stop()
})

async function sh(n: SimNodeInfo, cmd: string): Promise<string> {
  const key = n.role
  if (!sessions.has(key)) sessions.set(key, await login(n))
  const full = cmd.replaceAll('$H', n.nsmHome).replaceAll('$I', n.haInit)
  return (await sessions.get(key)!.exec(full, { timeoutMs: 30_000 })).stdout
}

const HS = '$H/HaSvr/utils/haStatus; echo "rc=$?"'
const CFG = 'cat $H/HaSvr/var/haSvr.cfg'
const GUI0 = '$H/GuiSvr/var/errorLog/guiDaemon.0'

/** Juniper KB10366's haStatus output, as the KB prints it (docs/nsm-formats.md quotes it). */
export const KB10366_SAMPLE = [
  '      H/A process status',
  '',
  '      Retrieving status...',
  '      highAvail (pid 26654)..............................ON',
  '      highAvailSvr (pid 27828)...........................ON',
  '',
  '      State of the local and peer H/A server',
  '',
  '      Local Server: running network-up db-repl:in-sync',
  '',
  '      Peer Server: standby network-up db-repl:in-sync',
  ''
].join('\n')

/** What each variant must show (beyond the healthy haStatus every variant shows). */
const OBSERVE: Record<SimVariant, (p: SimNodeInfo, s: SimNodeInfo) => Promise<void>> = {
  tabular: async (p) => {
    expect(await sh(p, HS)).toMatch(/^Process highAvail {4}: started$/m)
    expect(await sh(p, `head -n 1 ${GUI0}`)).toMatch(/^\[\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3}\] \[info\] \[guiSvrManager\] /)
  },
  'hastatus-compact': async (p) => {
    expect(await sh(p, HS)).toBe(
      'Local Server: running network-up db-repl:in-sync\nPeer Server: standby network-up db-repl:in-sync\nrc=0\n'
    )
  },
  'hastatus-wording': async (p) => {
    const out = await sh(p, HS)
    expect(out).toMatch(/^highAvail {4}: started$/m)
    expect(out).toMatch(/^highAvailSvr is running$/m)
    expect(out).not.toMatch(/Process/)
  },
  'hastatus-kb10366': async (p, s) => {
    // KB10366's sample, byte for byte as the KB prints it (six-space indent, dot leaders, ON, blank lines)
    expect(await sh(p, HS)).toBe(KB10366_SAMPLE + 'rc=0\n')
    expect(await sh(s, HS)).toContain('      Local Server: standby network-up db-repl:in-sync\n\n      Peer Server: running network-up')
    await sh(s, '$I stop')
    const stopped = await sh(s, HS)
    expect(stopped).toMatch(/^ {6}highAvail \(pid -\)\.+OFF$/m)
    expect(stopped).toMatch(/rc=1\n$/)
    await sh(s, '$I start')
  },
  'hastatus-ip-led': async (p) => {
    expect(await sh(p, HS)).toBe('127.0.0.11 running network-up db-repl:in-sync\n127.0.0.12 standby network-up db-repl:in-sync\nrc=0\n')
  },
  'stamps-syslog': async (p) => {
    expect(await sh(p, `head -n 1 ${GUI0}`)).toMatch(
      /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \[info\] \[guiSvrManager\] guiSvrManager starting/
    )
  },
  'stamps-iso': async (p) => {
    expect(await sh(p, `head -n 1 ${GUI0}`)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d \[info\] \[guiSvrManager\] guiSvrManager starting/)
  },
  'stamps-none': async (p) => {
    expect(await sh(p, `head -n 1 ${GUI0}`)).toMatch(/^\[info\] \[guiSvrManager\] guiSvrManager starting/)
  },
  crlf: async (p) => {
    for (const f of [
      'HaSvr/var/haSvr.cfg',
      'GuiSvr/var/guiSvr.cfg',
      'GuiSvr/var/errorLog/guiDaemon.0',
      'HaSvr/var/errorLog/ha.log',
      'GuiSvr/var/version'
    ])
      expect(await sh(p, `awk '/\\r$/ { c++ } END { print c + 0, NR }' $H/${f}`), f).toMatch(/^(\d+) \1\n$/)
  },
  'cfg-equals-tabs': async (p) => {
    const cfg = await sh(p, CFG)
    expect(cfg).toMatch(/^highAvail\.isHaEnabled=y$/m)
    expect(cfg).toMatch(/^highAvail\.localIpAddr\t127\.0\.0\.11$/m)
    expect(cfg).toMatch(/^\thighAvail\.peerIpAddr = 127\.0\.0\.12$/m)
  },
  'cfg-aliases': async (p, s) => {
    const pc = await sh(p, CFG)
    const sc = await sh(s, CFG)
    expect(pc).toMatch(/^highAvail\.localAddr 127\.0\.0\.11$/m)
    expect(pc).toMatch(/^highAvail\.peerAddr 127\.0\.0\.12$/m)
    expect(pc).toMatch(/^highAvail\.pingableIpAddr /m)
    expect(pc).toMatch(/^highAvail\.setuid root$/m)
    expect(sc).toMatch(/^highAvail\.myAddr 127\.0\.0\.12$/m)
    expect(sc).toMatch(/^highAvail\.peerIp 127\.0\.0\.11$/m)
    expect(sc).toMatch(/^highAvail\.pingIp /m)
    expect(pc + sc).not.toMatch(/^highAvail\.(localIpAddr|peerIpAddr|pingableIp) |^guiSvr\.setuid/m)
  },
  'cfg-duplicates': async (p) => {
    expect(await sh(p, 'grep -E "^highAvail\\.(writetoLog|isHaEnabled|peerIpAddr) " $H/HaSvr/var/haSvr.cfg')).toBe(
      'highAvail.isHaEnabled n\nhighAvail.isHaEnabled y\nhighAvail.peerIpAddr 127.0.0.99\nhighAvail.peerIpAddr 127.0.0.12\nhighAvail.writetoLog n\nhighAvail.writetoLog y\n'
    )
  },
  'cfg-server-ip': async (p, s) => {
    // the same two lines on both nodes (PR 592133's keys), no local/peer keys
    const want = 'highAvail.primaryServerIp 127.0.0.11\nhighAvail.secondaryServerIp 127.0.0.12\n'
    for (const n of [p, s]) expect(await sh(n, 'grep -E "ServerIp|IpAddr" $H/HaSvr/var/haSvr.cfg'), n.role).toBe(want)
    // the init script logs the node's own address as myAddr when it starts HA
    await sh(s, '$I restart')
    expect(await sh(s, `grep -E "(myAddr|peerAddr) =" ${GUI0} | tail -n 2`)).toMatch(
      /myAddr = 127\.0\.0\.12\n.*peerAddr = 127\.0\.0\.11\n$/
    )
  },
  'logs-rotated': async (p) => {
    expect(await sh(p, `head -n 1 ${GUI0}`)).toMatch(/\] guiSvrManager starting/)
    expect(await sh(p, `grep -c "guiSvrManager starting" ${GUI0} $H/GuiSvr/var/errorLog/guiDaemon.1`)).toMatch(
      /guiDaemon\.0:1\n.*guiDaemon\.1:1\n/
    )
  },
  'logs-gz': async (_p, s) => {
    // the rotated files a scenario writes are compressed: guiDaemon.1.gz holds the secondary's last start
    await pair.applyScenario('last-start-rotated', 'logs-gz')
    expect(await sh(s, 'ls $H/GuiSvr/var/errorLog')).toMatch(/^guiDaemon\.0\nguiDaemon\.1\.gz\nguiDaemon\.2\.gz\n$/)
    expect(await sh(s, 'gzip -dc $H/GuiSvr/var/errorLog/guiDaemon.1.gz | grep -c "guiSvrManager starting"')).toBe('1\n')
  },
  'long-cmd': async (p) => {
    const len = Number((await sh(p, `awk '/ cmd: / { print length($0) }' $H/HaSvr/var/errorLog/ha.log`)).trim())
    expect(len).toBeGreaterThan(4096)
    expect(await sh(p, `grep ' cmd: ' $H/HaSvr/var/errorLog/ha.log`)).toMatch(
      /--exclude=GuiSvr\/var\/tmp\/session-0129\/ .* nsm@127\.0\.0\.12:\S+\/GuiSvr\/var\/\n$/
    )
  }
}

describe('format variants over real SSH', () => {
  it.each([...SIM_VARIANTS])('%s', async (variant) => {
    await pair.applyScenario('healthy', variant)
    expect(pair.variant).toBe(variant)
    // healthy in every variant: the simulator's own haStatus reads the variant's configs
    for (const n of [pair.primary, pair.secondary])
      expect(await sh(n, HS), n.role).toMatch(
        /^(?: *Peer Server *: |127\.0\.0\.1\d ).*(running|standby) +network-up +db-repl:in-sync[\s\S]*rc=0/m
      )
    await OBSERVE[variant](pair.primary, pair.secondary)
  })

  it.each(['stamps-syslog', 'hastatus-compact', 'crlf'] as const)('%s: HA stopped and started live keeps the format', async (variant) => {
    await pair.applyScenario('healthy', variant)
    const s = pair.secondary
    await sh(s, '$I stop')
    const stopped = await sh(s, HS)
    expect(stopped).toMatch(/rc=1\n$/)
    if (variant === 'hastatus-compact')
      expect(stopped).toMatch(/^Local Server: stopped network-up db-repl:unknown\nPeer Server: unknown network-unknown db-repl:unknown\n/)
    await sh(s, '$I start')
    const tail = await sh(s, `tail -n 2 ${GUI0}`)
    if (variant === 'stamps-syslog')
      expect(tail).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \[info\] \[bdbRep\] get BDB event DB_EVENT_REP_(NEWMASTER|STARTUPDONE)$/m)
    if (variant === 'crlf') expect(await sh(s, `tail -c 2 ${GUI0} | od -An -c`)).toMatch(/^ *\\r +\\n\n$/)
    expect(await sh(s, HS)).toMatch(/rc=0\n$/)
  })
})
