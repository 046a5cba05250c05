/**
 * Prometheus out of the command line: `check --format prometheus` (node_exporter's textfile collector)
 * and `serve-metrics` on an ephemeral loopback port, fetched over HTTP; both parsed by a real parser.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, cli, parseExposition, saveFleet, stopFleet, type Sample, type SavedSim } from './fleet-helpers'

let home: string
let fleet: SavedSim[]

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nsmhad-prom-'))
  fleet = await saveFleet(home, [
    { name: 'lab "one"', tags: ['lab'], scenario: 'healthy' },
    { name: 'lab-two', tags: ['lab'], scenario: 'hmac-mismatch' },
    { name: 'elsewhere', tags: ['other'] }
  ])
}, 120_000)

afterAll(async () => {
  await stopFleet(fleet ?? [])
  rmSync(home, { recursive: true, force: true })
})

function value(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value
}

/** Lines of a child's stdout as they come. */
function lines(child: ChildProcessWithoutNullStreams): { next(match: RegExp, timeoutMs: number): Promise<string>; all: string[] } {
  const all: string[] = []
  let buf = ''
  const waiters: { match: RegExp; resolve: (l: string) => void }[] = []
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString()
    let i
    while ((i = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, i)
      buf = buf.slice(i + 1)
      all.push(l)
      for (const w of [...waiters]) {
        if (!w.match.test(l)) continue
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(l)
      }
    }
  })
  return {
    all,
    next: (match, timeoutMs) =>
      new Promise((resolve, reject) => {
        const seen = all.find((l) => match.test(l))
        if (seen) return resolve(seen)
        const t = setTimeout(() => reject(new Error(`no line ${match} in ${timeoutMs} ms: ${all.join(' | ')}`)), timeoutMs)
        waiters.push({ match, resolve: (l) => (clearTimeout(t), resolve(l)) })
      })
  }
}

describe('Prometheus metrics', () => {
  it('check --pair NAME --format prometheus: one pair, every check, escaped label values', async () => {
    const r = await cli(['check', '--pair', 'lab-two', '--format', 'prometheus'], home)
    expect(r.code).toBe(2)
    const samples = parseExposition(r.stdout)
    expect(samples.every((s) => s.name.startsWith('nsm_ha_') && s.labels.pair === 'lab-two')).toBe(true)
    expect(value(samples, 'nsm_ha_pair_status', {})).toBe(2)
    expect(value(samples, 'nsm_ha_check_status', { check: 'cfg.hmac-key' })).toBe(2)
    expect(value(samples, 'nsm_ha_check_status', { check: 'cfg.shared-disk' })).toBe(-1)
    expect(samples.filter((s) => s.name === 'nsm_ha_check_status').length).toBeGreaterThan(20)
    const quoted = await cli(['check', '--pair', 'lab "one"', '--format', 'prometheus'], home)
    expect(quoted.stdout).toContain('pair="lab \\"one\\""')
    expect(value(parseExposition(quoted.stdout), 'nsm_ha_pair_status', { pair: 'lab "one"' })).toBe(0)
  }, 120_000)

  it('serve-metrics: listens on an ephemeral loopback port, checks the pairs, serves /metrics; SIGTERM stops it', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'serve-metrics', '--listen', '127.0.0.1:0', '--interval', '3600', '--tag', 'lab', '--concurrency', '2'],
      {
        env: { ...process.env, NSM_HA_DOCTOR_HOME: home, NO_COLOR: '1' }
      }
    )
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    const out = lines(child)
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    try {
      const first = await out.next(/^serving metrics at /, 30_000)
      const url = /(http:\/\/127\.0\.0\.1:(\d+)\/metrics)/.exec(first)
      expect(url, first).not.toBeNull()
      expect(Number(url![2])).toBeGreaterThan(0)
      await out.next(/^checked 2 pairs in /, 120_000)
      const res = await fetch(url![1])
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      const samples = parseExposition(await res.text())
      expect(new Set(samples.map((s) => s.labels.pair))).toEqual(new Set(['lab "one"', 'lab-two']))
      expect(value(samples, 'nsm_ha_pair_status', { pair: 'lab "one"' })).toBe(0)
      expect(value(samples, 'nsm_ha_pair_status', { pair: 'lab-two' })).toBe(2)
      expect(value(samples, 'nsm_ha_check_status', { pair: 'lab-two', check: 'cfg.hmac-key' })).toBe(2)
      expect(value(samples, 'nsm_ha_replication_bytes', { pair: 'lab-two', node: 'secondary' })).toBeGreaterThan(0)
      expect(value(samples, 'nsm_ha_last_run_timestamp_seconds', { pair: 'lab-two' })! * 1000).toBeGreaterThan(Date.now() - 300_000)
      expect(value(samples, 'nsm_ha_run_duration_seconds', { pair: 'lab-two' })).toBeGreaterThan(0)
      expect((await fetch(url![1].replace('/metrics', '/nope'))).status).toBe(404)
      expect((await fetch(url![1], { method: 'POST' })).status).toBe(405)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect(stderr).toMatch(/serve-metrics stopped/)
  }, 240_000)

  it('serve-metrics refuses a bad --listen and an address in use with one line, exit 3', async () => {
    const bad = await cli(['serve-metrics', '--listen', 'nowhere'], home)
    expect(bad.code).toBe(3)
    expect(bad.stderr.trim()).toBe('nsm-ha-doctor serve-metrics: --listen must be HOST:PORT (got "nowhere")')
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    try {
      const port = (taken.address() as AddressInfo).port
      const busy = await cli(['serve-metrics', '--listen', `127.0.0.1:${port}`], home)
      expect(busy.code).toBe(3)
      expect(busy.stderr.trim()).toMatch(new RegExp(`^nsm-ha-doctor serve-metrics: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`))
    } finally {
      taken.close()
    }
  }, 60_000)
})
