/**
 * What the probe starts on a node, and what it reads with the shell instead: the login name from LOGNAME and its
 * /etc/passwd entry (with the rsync user's, for the passwd section), the host name from /proc/sys/kernel/hostname,
 * the files' sizes from the one `ls -lnH` that also lists the xdb dirs, rsync --version and the addresses through
 * one streaming cap. Each shortcut has its way back (`id`, `getent`, `wc`, a second `ls`) and a test for it.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import { collectNode } from '../../src-main/main/diagnostics/probe'
import { LOG_WINDOW, TOOLS_CAP } from '../../src-main/main/diagnostics/probe-script'
import type { CollectContext } from '../../src-main/main/diagnostics/types'
import { shQuote } from '../../src-main/main/shell/quote'
import { createSimPairTree, nodePaths, virtualRoot, type SimVariant } from '../../src-main/simulator/index'
import type { ScenarioName } from '../../src-main/shared/domain/scenario'
import type { NodeRole } from '../../src-main/shared/domain/check'
import { linkSystemTools, localExecutor, makeNodeTree, prefixedExecutor } from './tree'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}
const realPath = (name: string) =>
  execFileSync('/bin/sh', ['-c', `command -v ${name}`])
    .toString()
    .trim()

/** `name` in `bin` writes its name to `log` and runs `target` */
function logging(bin: string, name: string, target: string, log: string): void {
  writeFileSync(join(bin, name), `#!/bin/sh\necho ${name} >>${shQuote(log)}\nexec ${shQuote(target)} "$@"\n`)
  chmodSync(join(bin, name), 0o755)
}
const started = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [])

/**
 * A simulated node's tree run as sshd would run the probe there (env.sh, as the login user admin), no SSH: its OS
 * stand-ins (id, hostname, getent) and wc, ls, ip log each start.
 */
function simNode(variant?: SimVariant, scenario: ScenarioName = 'healthy', role: NodeRole = 'primary') {
  const dir = tmp('nsmhad-programs-sim-')
  createSimPairTree({ dir, scenario, ...(variant ? { variant } : {}) })
  const me = nodePaths(dir, role)
  const log = join(dir, 'started.log')
  const bin = join(me.root, '.sim/bin')
  for (const name of ['id', 'hostname', 'getent']) {
    renameSync(join(bin, name), join(bin, `${name}.sim`))
    logging(bin, name, join(bin, `${name}.sim`), log)
  }
  for (const name of ['wc', 'ls', 'ip']) logging(bin, name, realPath(name), log)
  const inner = localExecutor()
  const envSh = join(me.root, '.sim/env.sh')
  // (the probe's command is one argument of env.sh here, as sshd hands it to the login shell)
  const exec = {
    ...inner,
    exec: (command: string, o?: Parameters<typeof inner.exec>[1]) =>
      inner.exec(`SIM_USER=admin SIM_ROOT=${shQuote(me.root)} exec /bin/sh ${shQuote(envSh)} ${shQuote(command)}`, o)
  }
  const V = virtualRoot(dir)
  const ctx: CollectContext = {
    role,
    host: 'local',
    port: 22,
    salt: 's',
    paths: { nsmHome: join(V, 'usr/netscreen'), nsmData: join(V, 'var/netscreen'), haInit: join(V, 'etc/init.d/haSvr') }
  }
  return { exec, ctx, log, root: me.root }
}

describe('what the probe starts, and what the shell reads instead', () => {
  it('identity, host name, the rsync user and the sizes come without id, hostname, getent or wc; one ls, one ip', async () => {
    const n = simNode()
    const c = await collectNode(n.exec, n.ctx)
    expect(c.facts.error).toBeUndefined()
    const programs = started(n.log)
    expect(programs.filter((p) => ['id', 'hostname', 'getent', 'wc'].includes(p))).toEqual([])
    expect(programs.filter((p) => p === 'ls')).toEqual(['ls'])
    expect(programs.filter((p) => p === 'ip')).toEqual(['ip'])
    // the node's own answers: LOGNAME (env.sh, as sshd) and the node's /etc/passwd, the node's host name
    expect(c.facts.loginUser).toBe('admin')
    expect(c.detail.uid).toBe(500)
    expect(c.facts.hostname).toBe('nsm-primary')
    expect(c.detail.passwd).toMatchObject({ source: '/etc/passwd (nsm)', rc: 0 })
    expect(c.detail.passwd?.entry).toMatch(/^nsm:x:501:501:/)
    // sizes from the listing: the configs, both logs; the xdb sections from the same listing
    expect(c.detail.guiLog?.sizeBytes).toBe(statSync(join(n.root, 'usr/netscreen/GuiSvr/var/errorLog/guiDaemon.0')).size)
    expect(c.detail.haLog?.sizeBytes).toBe(statSync(join(n.root, 'usr/netscreen/HaSvr/var/errorLog/ha.log')).size)
    expect(c.facts.xdb?.dataFiles).toBeGreaterThan(0)
    expect(c.facts.tools.rsync).toBeTruthy()
    expect(c.detail.addresses?.addrs.length).toBeGreaterThan(0)
  }, 60_000)

  it('the server-ip layout reads the addresses once, for the peer and the addresses section', async () => {
    const n = simNode('cfg-server-ip')
    const c = await collectNode(n.exec, n.ctx)
    expect(c.facts.error).toBeUndefined()
    expect(started(n.log).filter((p) => p === 'ip')).toEqual(['ip'])
    expect(c.detail.trust).toMatchObject({ peer: '127.0.0.12' })
    expect(c.detail.addresses?.addrs.length).toBeGreaterThan(0)
  }, 60_000)

  it('IP-led haStatus lines decide whether the node is active (the line that is not the peer one): the viewer and the drift run there as with Local Server lines', async () => {
    const sections = async (variant: SimVariant) => {
      const n = simNode(variant, 'split-brain', 'secondary')
      const c = await collectNode(n.exec, n.ctx)
      expect(c.facts.error).toBeUndefined()
      return { hastatus: c.detail.sections.hastatus!.text, viewer: c.detail.sections.viewer!.text, drift: c.detail.sections.drift!.text }
    }
    const led = await sections('hastatus-ip-led')
    const tabular = await sections('tabular')
    // the secondary of a split brain says it is running: the probe treats it as active in both layouts
    expect(led.hastatus).toMatch(/^127\.0\.0\.12 running /m)
    expect(led.hastatus).not.toMatch(/Local Server/i)
    expect(tabular.viewer).not.toContain('@skip not the active node')
    expect(led.viewer).not.toContain('@skip not the active node')
    expect(led.drift).not.toContain('@skip not the active node')
    expect(led.drift.split('\n')[0]).toBe(tabular.drift.split('\n')[0])
  }, 60_000)

  it('without LOGNAME and USER, with a name /etc/passwd does not hold, or with one of another uid than the shell runs as (LOGNAME kept through sudo): one id answers', async () => {
    const paths = makeNodeTree(join(tmp('nsmhad-programs-id-'), 'node'))
    const real = execFileSync('id', ['-un']).toString().trim()
    const realUid = Number(execFileSync('id', ['-u']).toString().trim())
    const other = real === 'root' ? 'nobody' : 'root'
    for (const env of [
      'unset LOGNAME USER;',
      'LOGNAME=no-such-user-x9; USER=no-such-user-x9; export LOGNAME USER;',
      `LOGNAME=${other}; USER=${other}; export LOGNAME USER;`
    ]) {
      const root = tmp('nsmhad-programs-idbin-')
      const log = join(root, 'started.log')
      logging(root, 'id', realPath('id'), log)
      const exec = prefixedExecutor(`${env} PATH=${shQuote(root)}:$PATH`)
      const c = await collectNode(exec, { role: 'primary', host: 'local', port: 22, paths, salt: 's' })
      expect(started(log)).toEqual(['id'])
      expect(c.facts.loginUser).toBe(real)
      expect(c.detail.uid).toBe(realUid)
    }
  }, 60_000)

  it('the rsync user: a lookup that answers "no such user" fails the check; one that cannot answer is unknown', async () => {
    const paths = makeNodeTree(join(tmp('nsmhad-programs-pw-'), 'node'), { rsyncUser: 'nsmhad-no-such-user' })
    const verdict = async (rc: number) => {
      const bin = tmp('nsmhad-programs-getent-')
      writeFileSync(join(bin, 'getent'), `#!/bin/sh\nexit ${rc}\n`)
      chmodSync(join(bin, 'getent'), 0o755)
      const exec = prefixedExecutor(`PATH=${shQuote(bin)}:$PATH`)
      const c = await collectNode(exec, { role: 'primary', host: 'local', port: 22, paths, salt: 's' })
      expect(c.detail.passwd).toMatchObject({ source: 'getent passwd nsmhad-no-such-user', rc })
      return evaluatePair(c, c, { salt: 's', now: Date.now() }).find((x) => x.id === 'cfg.rsync-user')!
    }
    const missing = await verdict(2)
    expect(missing.status).toBe('fail')
    expect(missing.summary).toContain('nsmhad-no-such-user does not exist')
    const cannot = await verdict(3)
    expect(cannot.status).toBe('unknown')
    expect(cannot.summary).toContain('could not be looked up (exit 3)')
  }, 60_000)

  it('an rsync that prints without end: its section keeps two lines, the addresses say they were not read, the run ends', async () => {
    const paths = makeNodeTree(join(tmp('nsmhad-programs-rsync-'), 'node'))
    const bin = tmp('nsmhad-programs-rsyncbin-')
    writeFileSync(join(bin, 'rsync'), '#!/bin/sh\nwhile :; do echo "rsync  version 3.2.7  protocol version 31 and on and on"; done\n')
    chmodSync(join(bin, 'rsync'), 0o755)
    const exec = prefixedExecutor(`PATH=${shQuote(bin)}:$PATH`)
    const c = await collectNode(exec, { role: 'primary', host: 'local', port: 22, paths, salt: 's' })
    // the secondary as usual (its addresses mirror the primary's), so only the primary's part of the check is in doubt
    const secondaryPaths = makeNodeTree(join(tmp('nsmhad-programs-rsync2-'), 'node'), { local: '127.0.0.12', peer: '127.0.0.11' })
    const s = await collectNode(localExecutor(), { role: 'secondary', host: 'local', port: 22, paths: secondaryPaths, salt: 's' })
    expect(c.detail.sections['rsync-version']!.text.trim().split('\n')).toHaveLength(2)
    expect(c.facts.tools.rsync).toContain('3.2.7')
    expect(c.detail.sections.addresses).toMatchObject({ rc: 2 })
    expect(c.detail.sections.addresses!.text).toContain(`not read: rsync --version printed more than ${TOOLS_CAP} bytes`)
    expect(c.detail.addresses).toBeUndefined()
    expect(s.detail.addresses?.addrs.length).toBeGreaterThan(0)
    const r = evaluatePair(c, s, { salt: 's', now: Date.now() }).find((x) => x.id === 'cfg.addresses')!
    expect(r.status).toBe('unknown')
    expect(r.summary).toContain('owned addresses not readable')
  }, 60_000)

  it('a node without tail reads both large logs whole, says so in both sections, and finds the same events', async () => {
    const make = () => {
      const paths = makeNodeTree(join(tmp('nsmhad-programs-tail-'), 'node'))
      const gl = join(paths.nsmHome, 'GuiSvr/var/errorLog/guiDaemon.0')
      const hl = join(paths.nsmHome, 'HaSvr/var/errorLog/ha.log')
      const pad = (line: string) => line.repeat(Math.ceil((2 * LOG_WINDOW) / line.length))
      writeFileSync(gl, pad('[2026/11/25 05:00:00] [info] [guiSvrManager] heartbeat\n') + readFileSync(gl, 'utf8'))
      // (and more syncs than the section sends, so ha.log's last part holds all it needs)
      const syncs = Array.from(
        { length: 50 },
        (_, i) =>
          `[2026/11/25 06:0${i % 10}:00] INFO  cmd: /usr/bin/rsync -az x nsm@127.0.0.12:y #${i}\n[2026/11/25 06:0${i % 10}:01] INFO  haDoDirect: result SUCCESS\n`
      )
      writeFileSync(
        hl,
        pad('[2026/11/25 05:00:00] INFO  haDoDirect: waiting for the next sync window\n') + readFileSync(hl, 'utf8') + syncs.join('')
      )
      return paths
    }
    // a PATH with every tool of the system but tail
    const bin = tmp('nsmhad-programs-notail-')
    linkSystemTools(bin, ['tail'])
    const noTail = prefixedExecutor(`PATH=${shQuote(bin)}`)
    const withTail = await collectNode(localExecutor(), { role: 'primary', host: 'local', port: 22, paths: make(), salt: 's' })
    const without = await collectNode(noTail, { role: 'primary', host: 'local', port: 22, paths: make(), salt: 's' })
    expect(withTail.detail.sections.guilog!.text).toMatch(/^window=\d+$/m)
    expect(withTail.detail.sections.halog!.text).toMatch(/^window=\d+$/m)
    expect(without.detail.sections.guilog!.text).toContain('window=whole (tail not available)')
    expect(without.detail.sections.halog!.text).toContain('window=whole (tail not available)')
    expect(without.facts.events.map((e) => [e.kind, e.text])).toEqual(withTail.facts.events.map((e) => [e.kind, e.text]))
    const verdicts = (c: typeof without) =>
      evaluatePair(c, c, { salt: 's', now: Date.now() })
        .filter((x) => ['rsync.ha-log-errors', 'gui.ha-link', 'repl.secondary-startup'].includes(x.id))
        .map((x) => [x.id, x.status])
    expect(verdicts(without)).toEqual(verdicts(withTail))
  }, 60_000)

  it('an xdb dir that is a symbolic link (moved to a larger disk) is listed through the link', async () => {
    const root = tmp('nsmhad-programs-xdb-')
    const paths = makeNodeTree(join(root, 'node'))
    const data = join(paths.nsmData, 'GuiSvr/xdb/data')
    const moved = join(root, 'bigdisk-data')
    renameSync(data, moved)
    symlinkSync(moved, data)
    const c = await collectNode(localExecutor(), { role: 'primary', host: 'local', port: 22, paths, salt: 's' })
    expect(c.facts.xdb).toMatchObject({ dataFiles: 2, initFiles: 1 })
    expect(c.facts.xdb!.dataBytes).toBeGreaterThan(5000)
  }, 60_000)
})
