/**
 * The probe's background jobs (probe-script.ts): a private temp dir that is gone after a normal run and
 * after a probe stopped mid-run, a job hanging past its timeout framed like the others, the sections in
 * their fixed order, and the serial fallback (no usable temp dir, or NSMHAD_SERIAL=1) giving the same facts.
 * Real /bin/sh (dash) on a real tree, as in probe.test.ts; no timing assertions.
 */
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildProbe, collectNode, probeCommand } from '../../src-main/main/diagnostics/probe'
import { startSimPair } from '../../src-main/simulator/index'
import { login } from '../simulator/ssh'
import type { ExecResult, SshExecutor } from '../../src-main/main/ssh/executor'
import { SECTION_NAMES, type CollectContext, type NodeCollection } from '../../src-main/main/diagnostics/types'
import { shQuote } from '../../src-main/main/shell/quote'
import { localExecutor, makeNodeTree } from './tree'
import { requireSystem } from '../helpers/system'

// RHEL/CentOS NSM servers run the probe with bash as /bin/sh: a laptop without bash skips with the reason, CI fails
const bashGate = requireSystem('bash', existsSync('/bin/bash'), 'apt-get install bash')

const dirs: string[] = []
function tmp(prefix = 'nsmhad-jobs-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}
const pids: number[] = []
afterAll(() => {
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }))
})

type Paths = CollectContext['paths']
function ctx(paths: Paths, nonce = 'jobs0001'): CollectContext {
  return { role: 'primary', host: 'local', port: 22, paths, salt: 'salt', nonce }
}

/** The local executor with environment assignments put before the probe command (as a node's env would). */
function withEnv(env: Record<string, string>, shell = 'sh'): SshExecutor & { outputs: ExecResult[] } {
  const inner = localExecutor()
  const prefix = Object.entries(env)
    .map(([k, v]) => `${k}=${shQuote(v)} `)
    .join('')
  const outputs: ExecResult[] = []
  return {
    outputs,
    hostKeySha256: inner.hostKeySha256,
    get bytesIn() {
      return inner.bytesIn
    },
    close: () => inner.close(),
    async exec(command, o) {
      const r = await inner.exec(prefix + command.replace(/^sh -c /, `${shell} -c `), o)
      outputs.push(r)
      return r
    }
  }
}

/** haStatus of the tree replaced: lists TMPDIR into `seen` (what the probe made there), then the healthy output. */
function spyHaStatus(paths: Paths, seen: string): void {
  const f = join(paths.nsmHome, 'HaSvr/utils/haStatus')
  const healthy = readFileSync(f, 'utf8').replace(/^#!\/bin\/sh\n/, '')
  writeFileSync(f, `#!/bin/sh\nls -a "$TMPDIR" > ${shQuote(seen)}\n${healthy}`)
  chmodSync(f, 0o755)
}

function headers(stdout: string, nonce: string): string[] {
  return [...stdout.matchAll(new RegExp(`^@@NSMHAD-${nonce} (\\S+) (begin|end rc=\\d+)@@$`, 'gm'))].map(
    (m) => `${m[1]} ${m[2].replace(/=\d+/, '')}`
  )
}

/** Facts that must not depend on how the probe ran (the clock, the wire size, ping times and disk usage do). */
function stable(c: NodeCollection): unknown {
  const { clockMs: _c, clockOffsetMs: _o, wireBytes: _w, disk, events, ...facts } = c.facts
  const noNumbers = (t: string): string => t.replace(/\d+(\.\d+)?/g, '#')
  const sections = Object.fromEntries(
    Object.entries(c.detail.sections).map(([k, s]) => {
      const text = k === 'identity' ? s!.text.replace(/^now=\d+$/m, '') : k === 'ping' || k === 'df' ? noNumbers(s!.text) : s!.text
      return [k, { rc: s!.rc, truncated: s!.truncated, text }]
    })
  )
  return { facts, disk: disk && disk.sizeBytes, events: events.map(({ at: _a, ...e }) => e), sections, unreadable: c.detail.unreadable }
}

describe('probe background jobs', () => {
  it('uses a private temp dir under TMPDIR during the run and leaves nothing behind; sections in order', async () => {
    const root = tmp()
    const paths = makeNodeTree(join(root, 'node'))
    const t = join(root, 'tmp')
    mkdirSync(t)
    const seen = join(root, 'seen')
    spyHaStatus(paths, seen)
    const exec = withEnv({ TMPDIR: t })
    const c = await collectNode(exec, ctx(paths))
    expect(c.detail.unreadable).toEqual([])
    expect(c.facts.error).toBeUndefined()
    // while haStatus ran, the probe's own dir existed in TMPDIR ...
    const during = readFileSync(seen, 'utf8')
      .split('\n')
      .filter((n) => n.startsWith('nsmhad.'))
    expect(during).toHaveLength(1)
    // ... and it is gone afterwards
    expect(readdirSync(t)).toEqual([])
    // every section framed once, begin then end, in SECTION_NAMES order
    expect(headers(exec.outputs[0].stdout, 'jobs0001')).toEqual(SECTION_NAMES.flatMap((n) => [`${n} begin`, `${n} end rc`]))
  })

  it('the temp dir is private (mode 700) and removed when the probe is stopped mid-run (TERM, HUP)', async () => {
    for (const how of ['SIGTERM', 'SIGHUP'] as const) {
      const root = tmp()
      const paths = makeNodeTree(join(root, 'node'))
      const t = join(root, 'tmp')
      mkdirSync(t)
      // haStatus says it started, remembers its pid (the test kills it at the end), then hangs
      const started = join(root, 'started')
      const f = join(paths.nsmHome, 'HaSvr/utils/haStatus')
      writeFileSync(
        f,
        `#!/bin/sh\necho $$ > ${shQuote(join(root, 'pid'))}\nls -ld "$TMPDIR"/nsmhad.* > ${shQuote(started)}.part\nmv ${shQuote(started)}.part ${shQuote(started)}\nexec sleep 60\n`
      )
      chmodSync(f, 0o755)
      const script = buildProbe({ role: 'primary', paths, nonce: 'jobs0002' })
      // the probe script itself is the process signalled (as the shell of an SSH exec would be)
      const child = spawn('/bin/sh', ['-c', script], { env: { ...process.env, TMPDIR: t }, stdio: ['ignore', 'pipe', 'ignore'] })
      let out = ''
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (d: string) => (out += d))
      const closed = new Promise<number | null>((res) => child.on('close', (code) => res(code)))
      for (let i = 0; i < 400 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 25))
      expect(existsSync(started), 'haStatus started').toBe(true)
      pids.push(Number(readFileSync(join(root, 'pid'), 'utf8')))
      expect(readFileSync(started, 'utf8')).toMatch(/^drwx------ /)
      expect(readdirSync(t)).toHaveLength(1)
      // the identity and the configs are out before haStatus answers
      for (let i = 0; i < 400 && !out.includes('cfg.devSvr end'); i++) await new Promise((r) => setTimeout(r, 25))
      expect(headers(out, 'jobs0002').slice(0, 8)).toEqual(SECTION_NAMES.slice(0, 4).flatMap((n) => [`${n} begin`, `${n} end rc`]))
      child.kill(how)
      const code = await closed
      expect(readdirSync(t), `${how}: temp dir removed`).toEqual([])
      expect(code, how).toBe(how === 'SIGTERM' ? 143 : 129)
    }
  }, 60_000)

  it('a session dropped mid-probe on the simulator (SSH): the hang-up lets the probe remove its temp dir', async () => {
    const sim = await startSimPair()
    try {
      const n = sim.secondary
      const root = tmp()
      const t = join(root, 'tmp')
      mkdirSync(t)
      const seen = join(root, 'seen')
      const f = join(n.root, 'usr/netscreen/HaSvr/utils/haStatus')
      writeFileSync(f, `#!/bin/sh\nls -a "$TMPDIR" > ${shQuote(seen)}.part\nmv ${shQuote(seen)}.part ${shQuote(seen)}\nexec sleep 60\n`)
      chmodSync(f, 0o755)
      const script = buildProbe({
        role: 'secondary',
        paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit },
        nonce: 'jobs0004'
      })
      const s = await login(n)
      try {
        const running = s.exec(`TMPDIR=${shQuote(t)} ${probeCommand(script)}`, { timeoutMs: 20_000 })
        for (let i = 0; i < 400 && !existsSync(seen); i++) await new Promise((r) => setTimeout(r, 25))
        expect(readFileSync(seen, 'utf8')).toMatch(/nsmhad\./)
        // the link goes: the client closes the channel
        s.close()
        await running.catch(() => undefined)
        for (let i = 0; i < 80 && readdirSync(t).length > 0; i++) await new Promise((r) => setTimeout(r, 25))
        expect(readdirSync(t)).toEqual([])
      } finally {
        s.close()
      }
    } finally {
      await sim.stop()
    }
  }, 60_000)

  it('a job hanging past its timeout (ping) is cut by it and framed like the others; the sections after it still come', async () => {
    const root = tmp()
    const paths = makeNodeTree(join(root, 'node'))
    const bin = join(root, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'ping'), '#!/bin/sh\nfor a; do t=$a; done\necho "PING $t 56(84) bytes of data."\nexec sleep 60\n')
    chmodSync(join(bin, 'ping'), 0o755)
    const exec = withEnv({ PATH: `${bin}:${process.env.PATH}` })
    const c = await collectNode(exec, ctx(paths, 'jobs0003'))
    expect(c.detail.unreadable).toEqual([])
    expect(c.detail.ping).toMatchObject({ target: '127.0.0.1', rc: 124 })
    expect(c.detail.ping!.output).toMatch(/^PING 127\.0\.0\.1/)
    expect(headers(exec.outputs[0].stdout, 'jobs0003')).toEqual(SECTION_NAMES.flatMap((n) => [`${n} begin`, `${n} end rc`]))
    expect(c.detail.trust).toMatchObject({ user: 'nsm', peer: '127.0.0.12' })
    expect(c.detail.viewer?.record?.fields.map((x) => x.name)).toEqual(['type', 'clientOneTimePassword'])
  }, 40_000)

  it('serial fallback: no usable temp dir (TMPDIR a file) or NSMHAD_SERIAL=1 gives the same facts, and makes no temp dir', async () => {
    const root = tmp()
    const paths = makeNodeTree(join(root, 'node'))
    const seen = join(root, 'seen')
    spyHaStatus(paths, seen)
    const t = join(root, 'tmp')
    mkdirSync(t)
    const parallel = await collectNode(withEnv({ TMPDIR: t }), ctx(paths))
    expect(readFileSync(seen, 'utf8')).toMatch(/nsmhad\./)
    const notADir = join(root, 'not-a-dir')
    writeFileSync(notADir, '')
    const noTmp = await collectNode(withEnv({ TMPDIR: notADir }), ctx(paths))
    const serial = await collectNode(withEnv({ TMPDIR: t, NSMHAD_SERIAL: '1' }), ctx(paths))
    // NSMHAD_SERIAL=1: haStatus ran while TMPDIR held no dir of the probe
    expect(readFileSync(seen, 'utf8')).not.toMatch(/nsmhad\./)
    expect(readdirSync(t)).toEqual([])
    expect(parallel.detail.unreadable).toEqual([])
    expect(stable(noTmp)).toEqual(stable(parallel))
    expect(stable(serial)).toEqual(stable(parallel))
  })

  it('one grep for both logs: either log missing leaves the other one read in full', async () => {
    const root = tmp()
    const paths = makeNodeTree(join(root, 'node'), {
      guiLogExtra: '[2026/11/25 06:31:00.000] [error] [bdbRep] DB_PANIC: fatal region error detected\n'
    })
    const both = await collectNode(localExecutor(), ctx(paths))
    const haLog = join(paths.nsmHome, 'HaSvr/var/errorLog/ha.log')
    const guiLog = join(paths.nsmHome, 'GuiSvr/var/errorLog/guiDaemon.0')
    for (const [gone, kept] of [
      [haLog, 'guilog'],
      [guiLog, 'halog']
    ] as const) {
      rmSync(`${gone}.aside`, { force: true })
      writeFileSync(`${gone}.aside`, readFileSync(gone))
      rmSync(gone)
      try {
        const c = await collectNode(localExecutor(), ctx(paths))
        const lost = kept === 'halog' ? 'guilog' : 'halog'
        expect(c.detail.sections[lost]).toMatchObject({ rc: 2, truncated: false })
        expect(c.detail.sections[lost]!.text).toBe(`path=${gone}\nmissing: ${gone}\n`)
        expect(c.detail.sections[kept]).toEqual(both.detail.sections[kept])
      } finally {
        writeFileSync(gone, readFileSync(`${gone}.aside`))
      }
    }
    expect(both.detail.guiLog!.counts.DB_PANIC).toBe(1)
    expect(both.detail.haLog!.lines.length).toBeGreaterThan(0)
  })

  it.skipIf(!bashGate.available)('bash as /bin/sh (RHEL/CentOS NSM servers): the same facts, with and without the temp dir', async () => {
    const root = tmp()
    const paths = makeNodeTree(join(root, 'node'))
    const dir = join(root, 'tmp')
    mkdirSync(dir)
    const dash = await collectNode(withEnv({ TMPDIR: dir }), ctx(paths))
    const bash = await collectNode(withEnv({ TMPDIR: dir }, 'bash --posix'), ctx(paths))
    const bashSerial = await collectNode(withEnv({ TMPDIR: dir, NSMHAD_SERIAL: '1' }, 'bash --posix'), ctx(paths))
    expect(bash.detail.unreadable).toEqual([])
    expect(stable(bash)).toEqual(stable(dash))
    expect(stable(bashSerial)).toEqual(stable(dash))
    expect(readdirSync(dir)).toEqual([])
  })
})
