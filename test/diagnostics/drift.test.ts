/**
 * rsync.drift: the section parser and the verdicts on fixture probe output, then the real dry run over
 * real SSH — the embedded simulator and real OpenSSH sshd serving the same trees — on the healthy pair
 * (pass) and on rsync-drift (warn, the paths listed), and read-only: the drifted files are still there.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDrift } from '../../src-main/main/diagnostics/parsers/drift'
import { buildProbeScript } from '../../src-main/main/diagnostics/probe-script'
import { evaluateCheck } from '../../src-main/main/diagnostics/checks/index'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { findSshd, startOpenSshPair } from '../../src-main/simulator/openssh'
import { requireSystem } from '../helpers/system'
import { collectPair } from './drift-collect'
import { CTX, loadNode, withSection } from './helpers'

const CMD =
  'cmd=rsync -n -a --itemize-changes --exclude-from=/usr/netscreen/HaSvr/var/exclude.rsync -e "ssh -o BatchMode=yes -o ConnectTimeout=10" /usr/netscreen/GuiSvr/var/ nsm@127.0.0.12:/usr/netscreen/GuiSvr/var/'
const DRIFTED = [
  'user=nsm',
  'peer=127.0.0.12',
  CMD,
  'i .d..t...... certs/',
  'i <f+++++++++ certs/device-ca-2.pem',
  'i <f.st...... templates/report.tmpl',
  'i *deleting   old/notes.txt',
  'total=4 new=1 changed=1 deleted=1 attrs=1',
  'errors=0',
  'rc=0'
].join('\n')
const TRUST_BROKEN = [
  'user=nsm',
  'peer=127.0.0.12',
  CMD,
  'total=0 new=0 changed=0 deleted=0 attrs=0',
  'e nsm@127.0.0.12: Permission denied (publickey).',
  'e rsync: connection unexpectedly closed (0 bytes received so far) [sender]',
  'e rsync error: unexplained error (code 255) at io.c(231) [sender=3.2.7]',
  'errors=3',
  'rc=255'
].join('\n')

describe('drift section parser', () => {
  it('reads items, kinds, totals, the command and the exit code', () => {
    const d = parseDrift(DRIFTED, 0)
    expect(d.command).toBe(CMD.slice(4))
    expect(d.user).toBe('nsm')
    expect(d.rc).toBe(0)
    expect(d.items.map((i) => [i.change, i.type, i.path])).toEqual([
      ['attributes', 'd', 'certs/'],
      ['new', 'f', 'certs/device-ca-2.pem'],
      ['changed', 'f', 'templates/report.tmpl'],
      ['deleted', 'f', 'old/notes.txt']
    ])
    expect(d.totals).toEqual({ total: 4, new: 1, changed: 1, deleted: 1, attributes: 1 })
  })

  it('keeps skips, unreadable exclude lists and errors apart', () => {
    expect(parseDrift('@skip not the active node\n', 0).skipped).toBe('not the active node')
    expect(parseDrift('missing: /usr/netscreen/HaSvr/var/exclude.rsync\n', 2).error).toMatch(/^missing: .*exclude\.rsync/)
    const t = parseDrift(TRUST_BROKEN, 0)
    expect(t.rc).toBe(255)
    expect(t.errors).toHaveLength(3)
    // a section cut before rsync's exit code is not a result
    expect(parseDrift('user=nsm\ni <f+++++++++ a', 141).error).toMatch(/exit code 141/)
  })
})

describe('rsync.drift verdicts on probe output', () => {
  const secondary = loadNode('secondary')
  const judge = (drift: string, rc = 0, edit: (o: string) => string = (o) => o) =>
    evaluateCheck(
      'rsync.drift',
      loadNode('primary', (o) => edit(withSection(o, 'drift', drift, rc))),
      secondary,
      CTX
    )

  it('pass when the dry run lists nothing, with the exact command as evidence', () => {
    const r = evaluateCheck('rsync.drift', loadNode('primary'), secondary, CTX)
    expect(r.status).toBe('pass')
    expect(r.evidence[0].source).toContain('rsync -n -a --itemize-changes')
    expect(r.evidence[0].source).toContain('(as nsm)')
  })

  it('warn with the first paths and the totals by kind', () => {
    const r = judge(DRIFTED)
    expect(r.status).toBe('warn')
    expect(r.summary).toContain('4 paths on the secondary (1 new, 1 changed, 1 deleted, 1 with other times/permissions)')
    expect(r.summary).toContain('certs/device-ca-2.pem')
    expect(r.evidence.map((e) => e.excerpt)).toContain('<f.st...... templates/report.tmpl')
  })

  it('warn with only new files, and with only deleted files (no changed file at all)', () => {
    const only = (items: string[], totals: string) =>
      judge([`user=nsm`, 'peer=127.0.0.12', CMD, ...items, totals, 'errors=0', 'rc=0'].join('\n'))
    const added = only(
      ['i <f+++++++++ certs/device-ca-2.pem', 'i <f+++++++++ certs/device-ca-3.pem'],
      'total=2 new=2 changed=0 deleted=0 attrs=0'
    )
    expect(added.status).toBe('warn')
    expect(added.summary).toBe(
      'primary → secondary: the next sync would change 2 paths on the secondary (2 new): certs/device-ca-2.pem, certs/device-ca-3.pem'
    )
    const deleted = only(['i *deleting   old/notes.txt'], 'total=1 new=0 changed=0 deleted=1 attrs=0')
    expect(deleted.status).toBe('warn')
    expect(deleted.summary).toBe('primary → secondary: the next sync would change 1 path on the secondary (1 deleted): old/notes.txt')
  })

  it('unknown with ssh’s own words when the trust is broken; unknown when exclude.rsync cannot be read', () => {
    const r = judge(TRUST_BROKEN)
    expect(r.status).toBe('unknown')
    expect(r.summary).toMatch(/ssh as nsm to 127\.0\.0\.12 failed: check ssh\.trust/)
    expect(r.evidence.some((e) => e.excerpt.includes('Permission denied (publickey)'))).toBe(true)
    expect(judge('missing: /usr/netscreen/HaSvr/var/exclude.rsync', 2).status).toBe('unknown')
    expect(judge('user=nsm\npeer=127.0.0.12\ntotal=0\nerrors=1\ne timeout\nrc=124').summary).toMatch(/time limit/)
  })

  it('skipped when no node is active, or HA is disabled on the active node', () => {
    const r = judge('@skip not the active node')
    expect(r.status).toBe('skipped')
    expect(r.summary).toMatch(/no node is active/)
    const off = judge(DRIFTED, 0, (o) => o.replace(/highAvail\.isHaEnabled y/, 'highAvail.isHaEnabled n'))
    expect(off.status).toBe('skipped')
    expect(off.summary).toMatch(/HA is disabled/)
  })

  it('unknown when the rsync user is not set on the active node', () => {
    expect(judge('@skip highAvail.rsyncUser not set', 3).status).toBe('unknown')
  })
})

describe('the dry run and the NSM home path', () => {
  it('a home path with shell characters never reaches rsync (rsync before 3.2.4 hands the remote path to the peer’s shell)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nsmhad-drift-'))
    try {
      // the active node's own files at a path that would run `id` on the peer as the rsync user
      const home = join(dir, 'nsm$(id>pwned)')
      for (const d of ['HaSvr/var', 'GuiSvr/var']) mkdirSync(join(home, d), { recursive: true })
      writeFileSync(join(home, 'HaSvr/var/haSvr.cfg'), `highAvail.rsyncUser ${userInfo().username}\nhighAvail.peerIpAddr 127.0.0.12\n`)
      writeFileSync(join(home, 'HaSvr/var/exclude.rsync'), 'errorLog/\n')
      // rsync stand-in: records the arguments of a dry run (`rsync --version` of the tools section is not one)
      const bin = join(dir, 'bin')
      mkdirSync(bin)
      writeFileSync(join(bin, 'rsync'), `#!/bin/sh\n[ "$1" != -n ] || printf '%s\\n' "$@" > '${join(dir, 'rsync-args')}'\n`, {
        mode: 0o755
      })
      const script = buildProbeScript({
        role: 'primary',
        paths: { nsmHome: home, nsmData: join(dir, 'data'), haInit: join(dir, 'haSvr') },
        nonce: 'drift0home'
      })
      const out = execFileSync('dash', ['-c', script], {
        env: { PATH: `${bin}:/usr/bin:/bin`, NSMHAD_SERIAL: '1' },
        encoding: 'utf8',
        timeout: 60_000
      })
      const drift = out.slice(out.indexOf('@@NSMHAD-drift0home drift begin@@'), out.indexOf('@@NSMHAD-drift0home drift end'))
      expect(existsSync(join(dir, 'rsync-args')), 'rsync was run with the crafted remote path').toBe(false)
      expect(drift).toContain('@skip the NSM home path holds characters the peer')
      expect(parseDrift(drift.slice(drift.indexOf('\n') + 1), 3).skipped).toMatch(/NSM home path/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

function driftSuite(label: string, start: () => Promise<SimPair>, enabled: boolean): void {
  describe.skipIf(!enabled)(label, () => {
    let pair: SimPair
    beforeAll(async () => {
      pair = await start()
    }, 60_000)
    afterAll(async () => {
      await pair?.stop()
    })

    it('healthy: pass, the dry run ran on the active node only', async () => {
      await pair.applyScenario('healthy')
      const c = await collectPair(pair)
      const r = c.byId('rsync.drift')
      expect(r.status, r.summary).toBe('pass')
      expect(r.summary).toMatch(/primary → secondary: the next sync would change nothing/)
      expect(c.primary.detail.drift?.command).toMatch(/^rsync -n -a --itemize-changes --exclude-from=\S+\/HaSvr\/var\/exclude\.rsync /)
      expect(c.secondary.detail.drift?.skipped).toBe('not the active node')
    }, 120_000)

    it('rsync-drift: warn, the new and the changed file listed; nothing written on the standby', async () => {
      await pair.applyScenario('rsync-drift')
      const c = await collectPair(pair)
      const r = c.byId('rsync.drift')
      expect(r.status, r.summary).toBe('warn')
      expect(r.summary).toContain('certs/device-ca-2.pem')
      expect(r.summary).toContain('templates/report.tmpl')
      const items = c.primary.detail.drift!.items.map((i) => `${i.change} ${i.path}`)
      expect(items).toEqual(expect.arrayContaining(['new certs/device-ca-2.pem', 'changed templates/report.tmpl']))
      // excluded paths (exclude.rsync: guiSvr.cfg, errorLog/, version) are never listed, though they differ
      expect(items.join('\n')).not.toMatch(/guiSvr\.cfg|errorLog|version/)
      // a dry run: the standby still has its own template and not the new certificate
      const sec = join(pair.secondary.root, 'usr/netscreen/GuiSvr/var')
      expect(readFileSync(join(sec, 'templates/report.tmpl'), 'utf8')).toContain('edited by hand on the standby')
      expect(() => readFileSync(join(sec, 'certs/device-ca-2.pem'))).toThrow()
      // every other check stays as on the healthy pair
      const others = c.results.filter((x) => x.id !== 'rsync.drift' && x.status !== 'pass' && x.status !== 'skipped')
      expect(others.map((x) => `${x.id}: ${x.status} ${x.summary}`)).toEqual([])
    }, 120_000)

    it('only a new file on the active node: warn, the file listed as new', async () => {
      await pair.applyScenario('healthy')
      writeFileSync(join(pair.primary.root, 'usr/netscreen/GuiSvr/var/certs/added-only.pem'), 'new on the active node\n')
      const c = await collectPair(pair)
      const r = c.byId('rsync.drift')
      expect(r.status, r.summary).toBe('warn')
      expect(c.primary.detail.drift!.items.map((i) => `${i.change} ${i.path}`)).toContain('new certs/added-only.pem')
      expect(c.primary.detail.drift!.totals).toMatchObject({ changed: 0, deleted: 0 })
    }, 120_000)

    it('only a file the standby has and the active node does not, with --delete in the logged sync: warn, listed as deleted', async () => {
      await pair.applyScenario('healthy')
      writeFileSync(join(pair.secondary.root, 'usr/netscreen/GuiSvr/var/templates/stale.tmpl'), 'left on the standby\n')
      // the sync NSM logged deletes on the standby (the dry run adds --delete only then)
      const log = join(pair.primary.root, 'usr/netscreen/HaSvr/var/errorLog/ha.log')
      writeFileSync(log, readFileSync(log, 'utf8').replace(/ cmd: rsync -az /g, ' cmd: rsync -az --delete '))
      const c = await collectPair(pair)
      const r = c.byId('rsync.drift')
      expect(r.status, r.summary).toBe('warn')
      expect(c.primary.detail.drift!.command).toContain(' --delete ')
      // (the standby's templates/ directory got a new time with the file: an attribute line, no new or changed file)
      expect(c.primary.detail.drift!.items.map((i) => `${i.change} ${i.path}`)).toContain('deleted templates/stale.tmpl')
      expect(c.primary.detail.drift!.totals).toMatchObject({ new: 0, changed: 0, deleted: 1 })
      expect(r.summary).toMatch(/\(1 deleted, 1 with other times\/permissions\): templates\/stale\.tmpl/)
      // a dry run: the file is still there
      expect(existsSync(join(pair.secondary.root, 'usr/netscreen/GuiSvr/var/templates/stale.tmpl'))).toBe(true)
    }, 120_000)

    it('a large drift stays a small section: the first 20 paths, the totals of all', async () => {
      await pair.applyScenario('rsync-drift')
      const bulk = join(pair.primary.root, 'usr/netscreen/GuiSvr/var/reports')
      mkdirSync(bulk)
      for (let i = 0; i < 400; i++) writeFileSync(join(bulk, `report-${String(i).padStart(4, '0')}.xml`), `<report id="${i}"/>\n`)
      const c = await collectPair(pair)
      const d = c.primary.detail.drift!
      expect(d.rc).toBe(0)
      // 400 reports, their new directory, the certificate (and its directory's time), the template
      expect(d.totals.new).toBeGreaterThanOrEqual(402)
      expect(d.totals.total).toBeGreaterThanOrEqual(404)
      expect(d.items).toHaveLength(20)
      expect(c.primary.detail.sections.drift!.text.length).toBeLessThan(8 * 1024)
      expect(c.byId('rsync.drift').summary).toMatch(/\(\d+ more\)/)
    }, 120_000)

    it('ssh-trust-broken: unknown, and the ssh refusal is the evidence', async () => {
      await pair.applyScenario('ssh-trust-broken')
      const c = await collectPair(pair)
      const r = c.byId('rsync.drift')
      expect(r.status, r.summary).toBe('unknown')
      expect(r.summary).toMatch(/ssh as nsm to 127\.0\.0\.12 failed/)
      expect(r.evidence.some((e) => /Permission denied/.test(e.excerpt))).toBe(true)
    }, 120_000)
  })
}

driftSuite('rsync.drift over the embedded SSH server', () => startSimPair(), true)
const sshd = requireSystem('sshd', findSshd() !== undefined, 'install openssh-server')
driftSuite('rsync.drift over real OpenSSH sshd', () => startOpenSshPair(), sshd.available)
