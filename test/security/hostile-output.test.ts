/**
 * Attack: a node that answers every command with 1 GiB of output (and a probe section that claims 10 bytes
 * and never ends). The client bounds it: the exec is cut at its byte cap and the channel closed, the run
 * completes and is saved with the reason on the node, a fix step fails with the reason, its lines (live
 * output to the wizard, the step outcome, the audit row) are capped. Memory is measured: the test process's
 * peak RSS growth stays far below what the node sent (a resource bound, not a timing one).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FixPlan } from '../../src-main/shared/domain/fix'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import { applyFix } from '../../src-main/main/fixes/apply'
import { MAX_FIX_LINES, MAX_LINE_CHARS, MAX_STEP_LINES } from '../../src-main/main/fixes/output-cap'
import { connectNode } from '../../src-main/main/ssh/ssh2-connection'
import type { HostKeyStore } from '../../src-main/main/ssh/executor'
import { collect, spawnCli, storedRuns } from '../reliability/helpers/cli'
import { runAndSave, tempStore, type Store } from '../reliability/helpers/run'

const MiB = 1024 * 1024

/** A fix plan of read-only steps that each run haStatus on the primary (both nodes at `target`), ready to apply. */
function haStatusPlan(
  title: string,
  pair: { name: string; target: string },
  timeoutMs: number,
  steps: { id: string; title: string }[]
): FixPlan {
  return {
    schema: 1,
    fixId: 'fix.restart-ha',
    title,
    step: null,
    createdAt: new Date().toISOString(),
    pair: { name: pair.name, primary: pair.target, secondary: pair.target },
    options: {},
    ready: true,
    blockers: [],
    preconditions: [],
    backups: [],
    steps: steps.map((x) => ({ ...x, node: 'primary', kind: 'verify', command: 'haStatus', leaves: 'nothing changed', timeoutMs })),
    destroys: [],
    destructive: false,
    confirmationRequired: null,
    deleteAcknowledgementRequired: false,
    recheck: [],
    notes: [],
    stamp: '20261201-000000'
  }
}

/** peak RSS growth while `f` runs, sampled every 20 ms */
async function peakRssGrowth<T>(f: () => Promise<T>): Promise<{ value: T; growth: number }> {
  const base = process.memoryUsage().rss
  let peak = base
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  try {
    const value = await f()
    peak = Math.max(peak, process.memoryUsage().rss)
    return { value, growth: peak - base }
  } finally {
    clearInterval(t)
  }
}

describe('a node that prints 1 GiB', () => {
  let node: ChildProcess
  let port = 0
  let sent: number[] = []
  let store: Store

  beforeAll(async () => {
    node = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'hostile-node.ts')], { stdio: ['ignore', 'pipe', 'inherit'] })
    port = await new Promise<number>((resolve, reject) => {
      let out = ''
      node.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        for (const m of out.matchAll(/sent=(\d+)/g)) sent.push(Number(m[1]))
        const p = /port=(\d+)/.exec(out)
        if (p) resolve(Number(p[1]))
        out = out.slice(out.lastIndexOf('\n') + 1)
      })
      node.once('exit', (c) => reject(new Error(`hostile node exited ${c}`)))
    })
    store = tempStore()
  }, 60_000)
  afterAll(() => {
    node?.kill('SIGKILL')
    store?.remove()
  })

  const endpoint = () => ({ host: '127.0.0.1', port, user: 'admin', auth: 'password' as const, sudo: 'none' as const })

  it('a check: the probe is cut at its cap, the run completes and is saved with the reason, memory stays bounded', async () => {
    const pair: PairConfig = {
      name: 'hostile',
      primary: endpoint(),
      secondary: endpoint(),
      paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' },
      tags: [],
      notes: ''
    }
    const app = await store.open()
    try {
      sent = []
      const { value, growth } = await peakRssGrowth(() =>
        runAndSave(app, pair, { connect: { execTimeoutMs: 600_000 }, probeTimeoutMs: 600_000 })
      )
      const { report, saved } = value
      expect(saved?.state).toBe('completed')
      expect(saved?.checks.length).toBe(report.checks.length)
      expect(report.checks.length).toBeGreaterThan(20)
      for (const role of ['primary', 'secondary'] as const) {
        expect(saved?.nodes[role].error).toMatch(/probe output cut: output passed 8 MiB: the channel was closed by this program/)
        // the identity section before the flood was still read
        expect(saved?.nodes[role].hostname).toBe('hostile')
      }
      expect(growth).toBeLessThan(200 * MiB)
      // the node did not get to send its gigabyte: the client stopped reading at the cap
      await new Promise((r) => setTimeout(r, 500))
      expect(sent.length).toBeGreaterThanOrEqual(2)
      for (const n of sent) expect(n).toBeLessThan(256 * MiB)
    } finally {
      app.close()
    }
  }, 600_000)

  it('the real CLI (`check --format json`): exits with the run saved and the reason, its peak RSS bounded', async () => {
    const home = join(store.dir, 'cli-home')
    const child = spawnCli(
      [
        'check',
        '--primary',
        `admin@127.0.0.1:${port}`,
        '--secondary',
        `admin@127.0.0.1:${port}`,
        '--password-env',
        'HOSTILE_PW',
        '--accept-new-host-keys',
        '--format',
        'json'
      ],
      home,
      { HOSTILE_PW: 'x' }
    )
    // the child's own peak RSS (VmHWM) as the kernel counts it, read until it exits
    let hwmKiB = 0
    const t = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (m) hwmKiB = Math.max(hwmKiB, Number(m[1]))
      } catch {
        // exited
      }
    }, 20)
    const r = await collect(child).finally(() => clearInterval(t))
    expect(r.json?.state, r.stderr).toBe('completed')
    for (const role of ['primary', 'secondary'] as const) expect(r.json?.nodes[role].error).toMatch(/probe output cut: output passed 8 MiB/)
    expect(r.code).toBe(3)
    expect(storedRuns(home).map((x) => x.state)).toEqual(['completed'])
    if (process.platform === 'linux') {
      expect(hwmKiB).toBeGreaterThan(0)
      expect(hwmKiB * 1024).toBeLessThan(400 * MiB)
    }
  }, 600_000)

  it('a probe section far larger than the probe ever sends (5 MiB, size line says 10): cut, not read, said so', async () => {
    const ep = { ...endpoint(), user: 'section' }
    const pair: PairConfig = {
      name: 'hostile section',
      primary: ep,
      secondary: ep,
      paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' },
      tags: [],
      notes: ''
    }
    const app = await store.open()
    try {
      const { value, growth } = await peakRssGrowth(() => runAndSave(app, pair))
      const saved = value.saved
      expect(saved?.state).toBe('completed')
      expect(saved?.nodes.primary.error).toMatch(
        /larger than the probe ever sends, cut by this program and not read: cfg\.haSvr \(5\d{3} KiB\)/
      )
      expect(saved?.nodes.primary.configs['haSvr.cfg']).toBeUndefined()
      const hmac = saved?.checks.find((c) => c.id === 'cfg.hmac-key')
      expect(hmac?.status).toBe('unknown')
      // what is stored for the run stays small
      expect(JSON.stringify(saved).length).toBeLessThan(1 * MiB)
      expect(growth).toBeLessThan(200 * MiB)
    } finally {
      app.close()
    }
  }, 600_000)

  it('a fix step: cut at the exec cap, the step fails with the reason, lines capped in live output, outcome and audit', async () => {
    const app = await store.open()
    try {
      const plan = haStatusPlan('hostile output', { name: 'hostile', target: `admin@127.0.0.1:${port}` }, 600_000, [
        { id: 'status', title: 'read haStatus' }
      ])
      const keys: HostKeyStore = { get: () => undefined, pin: () => undefined }
      let live = 0
      let longest = 0
      const { value: outcome, growth } = await peakRssGrowth(() =>
        applyFix(plan, {
          connect: () =>
            connectNode({
              endpoint: endpoint(),
              secrets: { password: 'x' },
              hostKeys: keys,
              acceptNewHostKey: true,
              execTimeoutMs: 600_000
            }),
          audit: app.fixAudit,
          by: 'test',
          onOutput: (line) => {
            live++
            longest = Math.max(longest, line.length)
          }
        })
      )
      expect(outcome.status).toBe('failed')
      expect(outcome.message).toMatch(/output passed 16 MiB: the channel was closed by this program/)
      expect(live).toBeLessThanOrEqual(MAX_STEP_LINES + 10)
      expect(longest).toBeLessThan(MAX_LINE_CHARS + 100)
      const step = outcome.steps[0]
      expect(step.output.split('\n').length).toBeLessThanOrEqual(MAX_STEP_LINES + 3)
      expect(step.output).toMatch(/more lines of output not shown/)
      expect(step.output).toMatch(/\[cut: \d+ more characters\]/)
      const row = app.fixAudit.get(Number(outcome.auditId))
      expect(row?.result).toBe('failed')
      expect(row?.output.length).toBeLessThan(4 * MiB)
      expect(growth).toBeLessThan(200 * MiB)
    } finally {
      app.close()
    }
  }, 600_000)
})

describe('the per-fix output cap', () => {
  it('a fix whose steps each print more than a step may keep: at most MAX_FIX_LINES lines in all, the rest said', async () => {
    const steps = Math.ceil(MAX_FIX_LINES / MAX_STEP_LINES) + 2
    const perStep = MAX_STEP_LINES + 500
    const plan = haStatusPlan(
      'chatty fix',
      { name: 'chatty', target: 'admin@127.0.0.1:22' },
      10_000,
      Array.from({ length: steps }, (_, i) => ({ id: `s${i}`, title: `step ${i}` }))
    )
    const text = Array.from({ length: perStep }, (_, i) => `line ${i}`).join('\n') + '\n'
    const chatty = {
      hostKeySha256: 'SHA256:test',
      bytesIn: 0,
      close: () => undefined,
      exec: async (_cmd: string, o?: { onStdout?: (c: string) => void }) => {
        o?.onStdout?.(text)
        return { code: 0, stdout: text, stderr: '', bytesIn: text.length }
      }
    }
    let live = 0
    const outcome = await applyFix(plan, {
      connect: async () => chatty,
      by: 'test',
      onOutput: (_line, ctx) => {
        if (ctx.stream === 'stdout') live++
      }
    })
    expect(outcome.steps).toHaveLength(steps)
    // the node printed far more than a fix keeps; what is shown stops at the fix's cap
    expect(steps * perStep).toBeGreaterThan(MAX_FIX_LINES + MAX_STEP_LINES)
    expect(live).toBe(MAX_FIX_LINES)
    const kept = outcome.steps.map((st) => st.output.split('\n').filter((l) => l.startsWith('line ')).length)
    expect(kept.reduce((a, b) => a + b, 0)).toBe(MAX_FIX_LINES)
    expect(kept.every((n) => n <= MAX_STEP_LINES)).toBe(true)
    // the steps past the cap keep nothing and say so
    expect(kept[steps - 1]).toBe(0)
    expect(outcome.steps[steps - 1].output).toMatch(/more lines of output not shown/)
  })
})
