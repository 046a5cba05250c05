import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cfgEntry, cfgValue, fingerprint, parseCfg } from '../../src-main/main/diagnostics/parsers/cfg'
import { eventsSinceStart, parseGuiLog } from '../../src-main/main/diagnostics/parsers/guilog'
import { parseHaLog } from '../../src-main/main/diagnostics/parsers/halog'
import { isTimedOut, parseHaStatus } from '../../src-main/main/diagnostics/parsers/hastatus'
import {
  ownerOf,
  parseAddresses,
  parseDf,
  parseDoDirect,
  parseIdentity,
  parseLogListing,
  parseToolVersion,
  parseVersion,
  parseViewerRecord,
  viewerField
} from '../../src-main/main/diagnostics/parsers/system'
import { parseLogTime } from '../../src-main/main/diagnostics/parsers/time'
import { fixture } from './helpers'

/** A secret's fingerprint as A-4 defines it (salted SHA-256, 8 hex), not through the code under test. */
function sha8(salt: string, value: string): string {
  return createHash('sha256').update(`${salt}\0${value}`).digest('hex').slice(0, 8)
}

describe('cfg parser', () => {
  const text = fixture('parsers', 'haSvr-tricky.cfg')
  const cfg = parseCfg(text, '/usr/netscreen/HaSvr/var/haSvr.cfg', 'salt')

  it('reads key value, key=value, tabs, CRLF, a BOM and trailing spaces', () => {
    expect(cfgValue(cfg, 'highAvail.isHaEnabled')).toBe('y')
    expect(cfgValue(cfg, 'highAvail.localIpAddr')).toBe('127.0.0.11')
    expect(cfgValue(cfg, 'highAvail.peerIpAddr')).toBe('127.0.0.12')
    expect(cfgValue(cfg, 'highAvail.writetoLog')).toBe('n')
    expect(cfgValue(cfg, 'highAvail.emptyValue')).toBe('')
    expect(cfgEntry(cfg, 'highAvail.isHaEnabled')?.line).toBe(4)
  })

  it('keeps the last of duplicate keys and flags them', () => {
    expect(cfgValue(cfg, 'highAvail.rsyncUser')).toBe('nsmuser')
    expect(cfgEntry(cfg, 'highAvail.rsyncUser')?.line).toBe(9)
    expect(cfg.duplicates).toEqual(['highAvail.rsyncUser'])
  })

  it('survives binary junk and a 100k-character line', () => {
    expect(cfg.entries.some((e) => e.key.includes('\u0000'))).toBe(false)
    expect(cfgValue(cfg, 'highAvail.comment')!.length).toBeLessThanOrEqual(4096)
    expect(cfg.redactedText.length).toBeLessThan(5000)
  })

  it('never keeps secrets: salted 8-hex fingerprints instead', () => {
    const hmac = cfgEntry(cfg, 'highAvail.HMACKey')!
    expect(hmac.secret).toBe(true)
    expect(hmac.value).toBe(`sha256:${sha8('salt', 's3cr3t-hmac-key-value')}`)
    expect(hmac.value).toMatch(/^sha256:[0-9a-f]{8}$/)
    expect(cfgValue(cfg, 'guiSvr.clientOneTimePassword')).toMatch(/^sha256:[0-9a-f]{8}$/)
    expect(JSON.stringify(cfg)).not.toContain('s3cr3t')
    expect(JSON.stringify(cfg)).not.toContain('netscreen\\r')
    expect(cfg.redactedText).not.toMatch(/OneTimePassword netscreen/)
    // the fingerprint is SHA-256 over salt, NUL, value (first 8 hex), computed here independently: another
    // salt gives another fingerprint, the same salt and value the same one
    expect(fingerprint('x', 'a')).toBe(sha8('a', 'x'))
    expect(fingerprint('x', 'b')).toBe(sha8('b', 'x'))
    expect(sha8('a', 'x')).not.toBe(sha8('b', 'x'))
  })
})

describe('haStatus parser', () => {
  it('reads a stopped local server and its exit code', () => {
    const hs = parseHaStatus(fixture('parsers', 'hastatus-stopped.txt'), 1)
    expect(hs.processes).toEqual({ highAvail: 'stopped', highAvailSvr: 'stopped' })
    expect(hs.local).toMatchObject({ addr: '127.0.0.12', state: 'stopped', network: 'network-down', repl: 'unknown' })
    expect(hs.exitCode).toBe(1)
    expect(hs.error).toBeUndefined()
  })
  it('reads tokens regardless of spacing, tabs and CRLF; sees timed-out(error)', () => {
    const hs = parseHaStatus(fixture('parsers', 'hastatus-timedout.txt'), 0)
    expect(hs.peer).toMatchObject({ addr: '127.0.0.12', state: 'timed-out(error)', repl: 'dirty' })
    expect(isTimedOut(hs.peer)).toBe(true)
    expect(isTimedOut(hs.local)).toBe(false)
    expect(hs.processes.highAvailSvr).toBe('started')
  })
  it('flags a missing haStatus', () => {
    expect(parseHaStatus('sh: 1: /usr/netscreen/HaSvr/utils/haStatus: not found', 127).error).toContain('not found')
  })
})

describe('guiDaemon.0 events', () => {
  const g = parseGuiLog(fixture('parsers', 'guilog-section.txt'), {
    node: 'secondary',
    source: 'x',
    time: { clockOffsetMs: 60_000, nodeNowMs: Date.UTC(2026, 10, 25, 7) }
  })
  it('classifies every KB event, keeps the path, size and totals', () => {
    expect(g.source).toBe('/var/netscreen/GuiSvr/errorLog/guiDaemon.0')
    expect(g.sizeBytes).toBe(5368709120)
    expect(g.counts.RSA_KEY_MISSING).toBe(48211)
    expect(g.events.map((e) => e.kind)).toEqual([
      'START',
      'MASTER',
      'DB_PANIC',
      'START',
      'MY_ADDR',
      'PEER_ADDR',
      'CLIENT',
      'NEWMASTER',
      'SHADOW_MISSING',
      'RSA_KEY_MISSING',
      'RSA_KEY_MISSING',
      'STARTUPDONE'
    ])
  })
  it('turns the three timestamp forms into ISO, corrected by the clock offset; lines without one still count', () => {
    const at = (line: number) => g.events.find((e) => e.line === line)?.at
    expect(at(100)).toBe('2026-11-25T04:59:00.000Z')
    expect(at(150)).toBe('2026-11-25T04:59:02.000Z')
    expect(at(300)).toBe('2026-11-25T05:59:00.000Z')
    expect(at(333)).toBeUndefined()
  })
  it('"since the last start" excludes the older DB_PANIC', () => {
    expect(eventsSinceStart(g.events).some((e) => e.kind === 'DB_PANIC')).toBe(false)
    expect(eventsSinceStart(g.events)[0].line).toBe(300)
  })
  it('reads a syslog stamp from December in January as last year', () => {
    expect(new Date(parseLogTime('Dec 31 23:59:59 x', { nodeNowMs: Date.UTC(2027, 0, 1, 0, 5) })!).getUTCFullYear()).toBe(2026)
  })
})

describe('ha.log', () => {
  const h = parseHaLog(fixture('parsers', 'halog-section.txt'), { node: 'primary', source: 'x' })
  it('keeps only errors after the last SUCCESS and extracts the failing command', () => {
    expect(h.lastSuccess?.line).toBe(10)
    expect(h.recentErrors.map((e) => e.line)).toEqual([21, 22])
    expect(h.failingCmd?.line).toBe(20)
    expect(h.failingCmd?.command).toBe(
      '/usr/bin/rsync -az --delete -e "ssh -o BatchMode=yes" /usr/netscreen/GuiSvr/var/ nsm@127.0.0.12:/usr/netscreen/GuiSvr/var/'
    )
    expect(h.events.filter((e) => e.kind === 'RSYNC_ERROR').length).toBe(3)
  })
  it('a SUCCESS after the errors clears them', () => {
    const ok = parseHaLog(`${fixture('parsers', 'halog-section.txt')}30:[x] INFO  haDoDirect: result SUCCESS\n`, {
      node: 'primary',
      source: 'x'
    })
    expect(ok.recentErrors).toEqual([])
  })
})

describe('small outputs', () => {
  it('.haDoDirect.result', () => {
    expect(parseDoDirect('SUCCESS 2026/11/25 06:29:51\n').status).toBe('SUCCESS')
    expect(parseDoDirect('\nFAIL\n').status).toBe('FAIL')
    expect(parseDoDirect('').status).toBeUndefined()
  })
  it('xdb listings, versions, identity', () => {
    expect(parseLogListing('20 log.0000000002\n10 log.0000000001\n')).toEqual([
      { name: 'log.0000000001', size: 10 },
      { name: 'log.0000000002', size: 20 }
    ])
    expect(parseVersion('2012.2R5\n')).toBe('2012.2R5')
    expect(parseVersion('netscreen-GuiSvr-2010.3r2-1.x86_64\n')).toBe('2010.3r2')
    // as releases and internal builds print them (lower-case r, LGB<n>z<m>), CRLF too: never "not found"
    expect(parseVersion('2010.3r1\r\n')).toBe('2010.3r1')
    expect(parseVersion('LGB14z1\n')).toBe('LGB14z1')
    expect(parseVersion('NSM build LGB14z1 (internal)\n')).toBe('LGB14z1')
    expect(parseVersion('netscreen-GuiSvr-LGB14z1-1.x86_64\n')).toBe('LGB14z1')
    expect(parseToolVersion('rsync  version 3.2.7  protocol version 31\nCopyright')).toBe('rsync version 3.2.7 protocol version 31')
    expect(parseIdentity('now=1795591000\nuser=nsm\nuid=1001\nhost=a\n')).toEqual({
      clockMs: 1795591000000,
      user: 'nsm',
      uid: 1001,
      hostname: 'a'
    })
  })
  it('df -P with a long device name and spaces in the mount point', () => {
    const d = parseDf(
      'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/mapper/vg-very-long-name\n 1000 990 10 99% /var/net screen\n'
    )
    expect(d).toEqual({ sizeBytes: 1024000, availBytes: 10240, usedPct: 99, mount: '/var/net screen' })
  })
  it('addresses: ip -o addr and hostname -I; loopback CIDR containment only on lo', () => {
    const a = parseAddresses(
      '1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 10.1.2.3/24 brd 10.1.2.255 scope global eth0\n2: eth0    inet6 FE80::1/64 scope link',
      'ip'
    )
    expect(ownerOf(a, '127.0.0.11')?.iface).toBe('lo')
    expect(ownerOf(a, '10.1.2.3')?.iface).toBe('eth0')
    expect(ownerOf(a, '10.1.2.4')).toBeUndefined()
    expect(ownerOf(a, 'fe80::1')?.iface).toBe('eth0')
    const h = parseAddresses('10.1.2.3 192.168.1.9 \n', 'hostname -I')
    expect(ownerOf(h, '192.168.1.9')).toBeDefined()
    expect(ownerOf(h, '127.0.0.11')).toBeUndefined()
  })
  it('viewer record: fields read, the one-time password fingerprinted', () => {
    const v = parseViewerRecord(fixture('parsers', 'viewer.txt'), 'salt')
    expect(viewerField(v.record, 'type')?.value).toBe('peerGuiSvr')
    expect(viewerField(v.record, 'clientOneTimePassword')?.value).toBe(`sha256:${sha8('salt', 'netscreen')}`)
    expect(JSON.stringify(v)).not.toContain('(netscreen)')
    expect(parseViewerRecord('record 0.shadow_server.2 not found\n', 'salt')).toEqual({ notFound: true })
  })
})
