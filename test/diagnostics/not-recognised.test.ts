/**
 * Output not recognised is never a verdict, and parts never vanish: per section (haStatus, cfg, logs,
 * viewer, xdb listing) a node whose output holds none of the expected tokens makes the checks that read
 * it `unknown` with "not recognised" and the first raw lines, and the support bundle carries that output
 * (secrets masked). Plus the mechanism rules: combine() (skipped never hides behind a pass), both-node
 * checks at best warn on one side, stop lines end a role, cuts are marked.
 */
import { describe, expect, it } from 'vitest'
import type { CheckId, CheckResult } from '../../src-main/shared/domain/check'
import type { RunReport } from '../../src-main/shared/domain/run'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import { combine, part, toResult } from '../../src-main/main/diagnostics/checks/common'
import { classifyGuiLine } from '../../src-main/main/diagnostics/parsers/guilog'
import { parseHaStatus } from '../../src-main/main/diagnostics/parsers/hastatus'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import { bundleFiles } from '../../src-main/main/reports/bundle'
import { CTX, loadNode, withSection } from './helpers'

function evaluate(p: NodeCollection, s: NodeCollection): (id: CheckId) => CheckResult {
  const results = evaluatePair(p, s, CTX)
  return (id) => results.find((r) => r.id === id)!
}

function reportOf(p: NodeCollection, s: NodeCollection): RunReport {
  const checks = evaluatePair(p, s, CTX)
  const summary = { pass: 0, warn: 0, fail: 0, unknown: 0, skipped: 0 }
  for (const c of checks) summary[c.status]++
  return {
    schema: 1,
    startedAt: '2026-11-25T07:00:00Z',
    finishedAt: '2026-11-25T07:00:05Z',
    state: 'completed',
    pair: {
      name: 'lab',
      primary: { host: p.facts.host, port: 22, user: 'admin' },
      secondary: { host: s.facts.host, port: 22, user: 'admin' },
      paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' }
    },
    nodes: { primary: p.facts, secondary: s.facts },
    checks,
    summary,
    verdict: 'unknown'
  }
}

describe('not recognised is never a verdict', () => {
  it('haStatus: no token on either node → ha.services unknown with the raw lines, heartbeat and replication unknown', () => {
    const garbage = (o: string) =>
      withSection(withSection(o, 'hastatus', 'HA daemon answered: OK\nuptime 42 days'), 'init-status', 'missing: /etc/init.d/haSvr', 2)
    const get = evaluate(loadNode('primary', garbage), loadNode('secondary', garbage))
    const svc = get('ha.services')
    expect(svc.status).toBe('unknown')
    expect(svc.summary).toBe(
      'primary: haStatus output not recognised; no other source (init script status, process table) says whether highAvail runs; secondary: haStatus output not recognised; no other source (init script status, process table) says whether highAvail runs'
    )
    expect(svc.evidence.find((e) => e.node === 'primary' && e.source.endsWith('haStatus'))!.excerpt).toBe(
      'not recognised:\nHA daemon answered: OK\nuptime 42 days'
    )
    expect(get('ha.heartbeat').status).toBe('unknown')
    expect(get('ha.db-replication').status).toBe('unknown')
  })

  it('haStatus: the process table decides when haStatus and the init script say nothing (ps source)', () => {
    const psOnly = (o: string) =>
      withSection(
        withSection(withSection(o, 'hastatus', 'HA daemon answered: OK'), 'init-status', 'missing: /etc/init.d/haSvr', 2),
        'ps',
        ' 4242 highAvail       /usr/netscreen/HaSvr/bin/highAvail -d\n 4243 highAvailSvr    /usr/netscreen/HaSvr/bin/highAvailSvr'
      )
    const get = evaluate(loadNode('primary', psOnly), loadNode('secondary'))
    expect(get('ha.services').status).toBe('pass')
    expect(get('ha.services').summary).toContain('primary: highAvail and highAvailSvr started (process table)')
    // a process whose command line only mentions highAvail (a config key, a program text) is not one
    const mention = (o: string) =>
      withSection(
        withSection(withSection(o, 'hastatus', 'HA daemon answered: OK'), 'init-status', 'missing: /etc/init.d/haSvr', 2),
        'ps',
        ' 777 awk             awk $1 == "highAvail.rsyncUser" { print }'
      )
    expect(evaluate(loadNode('primary', mention), loadNode('secondary'))('ha.services').status).toBe('unknown')
    // an empty process table is not evidence of stopped
    const none = (o: string) =>
      withSection(withSection(o, 'hastatus', 'HA daemon answered: OK'), 'init-status', 'missing: /etc/init.d/haSvr', 2)
    expect(evaluate(loadNode('primary', none), loadNode('secondary'))('ha.services').status).toBe('unknown')
  })

  it('haStatus: a stopped line in any wording fails; a missing line never does', () => {
    expect(parseHaStatus('highAvailSvr is not running\nhighAvail (pid 12) is running', 0).processes).toEqual({
      highAvailSvr: 'stopped',
      highAvail: 'started'
    })
    const stopped = (o: string) => withSection(o, 'hastatus', 'highAvail : stopped\nhighAvailSvr : stopped', 1)
    const get = evaluate(loadNode('primary'), loadNode('secondary', stopped))
    expect(get('ha.services').status).toBe('fail')
    expect(get('ha.services').summary).toBe(
      'secondary: highAvail stopped (haStatus process line), highAvailSvr stopped (haStatus process line)'
    )
  })

  it('cfg: a haSvr.cfg without one highAvail.* key is unknown "not recognised", never "not set"', () => {
    const s = loadNode('secondary', (o) => withSection(o, 'cfg.haSvr', 'size=80\n[highAvail]\nisHaEnabled = y\nHMACKey = hunter2hunter2'))
    const get = evaluate(loadNode('primary'), s)
    for (const id of ['cfg.ha-enabled', 'cfg.hmac-key', 'cfg.write-to-log', 'cfg.rsync-user'] as const) {
      expect(get(id).status, id).toBe('unknown')
      expect(get(id).summary, id).toContain('secondary: not recognised: no highAvail.* setting')
    }
    expect(JSON.stringify(s)).not.toContain('hunter2')
  })

  it('logs: guiDaemon.0 and ha.log that are not recognised make their checks unknown with the first lines', () => {
    const gui = '0:#unrecognised\n0:#raw <event seq=1 type=start/>\n0:#raw <event seq=2 type=rep-master/>'
    const s = loadNode('secondary', (o) =>
      withSection(
        withSection(o, 'guilog', `path=/usr/netscreen/GuiSvr/var/errorLog/guiDaemon.0\nsize=64\n${gui}`),
        'halog',
        'path=/usr/netscreen/HaSvr/var/errorLog/ha.log\nsize=20\n0:#unrecognised\n0:#raw @@@@ binary @@@@'
      )
    )
    const get = evaluate(loadNode('primary'), s)
    for (const id of ['db.panic', 'role.assignment', 'gui.ha-link', 'gui.shadow-server-record', 'repl.secondary-startup'] as const) {
      expect(get(id).status, id).toBe('unknown')
      expect(get(id).summary, id).toContain('secondary: guiDaemon.0 not recognised')
    }
    expect(get('db.panic').evidence.find((e) => e.node === 'secondary')!.excerpt).toBe(
      'not recognised:\n<event seq=1 type=start/>\n<event seq=2 type=rep-master/>'
    )
    expect(get('rsync.ha-log-errors').status).toBe('unknown')
    expect(get('rsync.ha-log-errors').summary).toContain('secondary: ha.log not recognised')
  })

  it('haSvr.cfg not read: the pingable IP and the trust test are not tested (unknown), never "not set" (fail)', () => {
    const why = 'haSvr.cfg not read (timed out reading /usr/netscreen/HaSvr/var/haSvr.cfg)'
    const s = loadNode('secondary', (o) =>
      withSection(
        withSection(withSection(o, 'cfg.haSvr', 'timed out reading /usr/netscreen/HaSvr/var/haSvr.cfg', 124), 'ping', `@skip ${why}`, 3),
        'trust',
        `@skip ${why}`,
        3
      )
    )
    const get = evaluate(loadNode('primary'), s)
    expect(get('net.pingable-ip').status).toBe('unknown')
    expect(get('net.pingable-ip').summary).toBe(`secondary: ${why}`)
    expect(get('ssh.trust').status).toBe('unknown')
    expect(get('cfg.ha-enabled').summary).toBe('secondary: timed out reading /usr/netscreen/HaSvr/var/haSvr.cfg')
  })

  it('viewer and xdb listing: not recognised → unknown with the output (the viewer secret masked)', () => {
    const p = loadNode('primary', (o) =>
      withSection(
        withSection(o, 'viewer', 'Welcome to XDB 9\nrecord dump follows\nclientOneTimePassword=topsecret-otp\n--end--'),
        'xdb-data',
        'not recognised: ls -ln /var/netscreen/GuiSvr/xdb/data\n?????????? ? ? ? ? ? DB_CONFIG'
      )
    )
    const get = evaluate(p, loadNode('secondary'))
    expect(get('gui.one-time-password').status).toBe('unknown')
    expect(get('gui.one-time-password').summary).toContain('database viewer output not recognised')
    expect(get('repl.data-progress').status).toBe('unknown')
    expect(get('repl.data-progress').summary).toBe('primary: not recognised: ls -ln /var/netscreen/GuiSvr/xdb/data')
    const report = reportOf(p, loadNode('secondary'))
    const files = bundleFiles(report)
    expect(
      Object.keys(files)
        .filter((f) => f.startsWith('raw/'))
        .sort()
    ).toEqual(['raw/primary-viewer.txt', 'raw/primary-xdb-data.txt'])
    expect(files['raw/primary-viewer.txt']).toContain('record dump follows')
    expect(files['raw/primary-viewer.txt']).toContain('clientOneTimePassword ***')
    expect(JSON.stringify(files)).not.toContain('topsecret-otp')
  })
})

describe('parts never vanish; a verdict about both nodes needs both', () => {
  it('combine: pass with a skipped part is warn and names it; all skipped stays skipped; optional skips do not hold a pass back', () => {
    const c = combine([part('pass', 'a ok'), part('skipped', 'b not tested')])
    expect(c).toMatchObject({ status: 'warn', summary: 'b not tested; a ok' })
    expect(combine([part('skipped', 'x'), part('skipped', 'y')]).status).toBe('skipped')
    expect(combine([part('pass', 'a'), { ...part('skipped', 'debug only'), optional: true }])).toMatchObject({
      status: 'pass',
      summary: 'a; debug only'
    })
    // a fail names the other non-pass parts too
    expect(combine([part('fail', 'f'), part('unknown', 'u'), part('pass', 'p')]).summary).toBe('f; u')
  })

  it('rsync.dodirect-result: SUCCESS on one node and the other node unreadable is warn, not pass', () => {
    const s = loadNode('secondary', (o) =>
      withSection(o, 'dodirect', 'not readable (permission denied): /usr/netscreen/HaSvr/bin/.haDoDirect.result', 2)
    )
    const r = evaluate(loadNode('primary'), s)('rsync.dodirect-result')
    expect(r.status).toBe('warn')
    expect(r.summary).toBe(
      'only primary could be read: primary: .haDoDirect.result SUCCESS; secondary not read (secondary: .haDoDirect.result not readable (permission denied): /usr/netscreen/HaSvr/bin/.haDoDirect.result)'
    )
  })

  it('cfg.shared-disk: a haSvr.cfg that could not be read is never "no shared disk configured"', () => {
    const s = loadNode('secondary', (o) =>
      withSection(o, 'cfg.haSvr', 'not readable (permission denied): /usr/netscreen/HaSvr/var/haSvr.cfg', 2)
    )
    const r = evaluate(loadNode('primary'), s)('cfg.shared-disk')
    expect(r.status).toBe('unknown')
    expect(r.summary).toBe(
      'shared disk setting not readable: secondary haSvr.cfg not readable (permission denied): /usr/netscreen/HaSvr/var/haSvr.cfg'
    )
  })

  it('role.assignment: a stop line in another wording ends the role too', () => {
    for (const l of [
      '[x] [info] [guiSvr] GuiSvr shutdown complete',
      'Nov 25 07:00:00 nsm guiSvrManager: shutting down',
      '[x] haSvr stopped by admin'
    ])
      expect(classifyGuiLine(l), l).toBe('STOP')
    expect(classifyGuiLine('[x] [info] [jobMgr] job 12 stopped')).toBeUndefined()
    expect(classifyGuiLine('[x] [error] [guiSvrManager] database environment panic, replication stopped')).toBeUndefined()
    expect(classifyGuiLine('[x] [info] [guiSvrManager] guiSvrManager stopping')).toBe('STOP')
  })

  it('evidence and summaries keep 8 KiB whole and mark a longer cut', () => {
    const long = `cmd: ${'a'.repeat(9000)}`
    const r = toResult('rsync.ha-log-errors', part('fail', long, [{ node: 'primary', source: 'ha.log', excerpt: long }]))
    expect(r.evidence[0].excerpt).toBe(`${long.slice(0, 8192)} … [cut: ${9005 - 8192} more bytes]`)
    expect(r.summary).toBe(r.evidence[0].excerpt)
    const fits = 'x'.repeat(8000)
    expect(toResult('rsync.ha-log-errors', part('fail', fits, [{ source: 's', excerpt: fits }])).evidence[0].excerpt).toBe(fits)
  })
})
