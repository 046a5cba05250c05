/**
 * Attack: node text that makes the final redaction pass quadratic (a 64 KiB run of key characters took 11 s;
 * a 200,000-character config key name made one saved run take 85 s). Redaction of 1 MiB of such text, and
 * of a cfg with that key (and a df section of 1 MiB of digits), must complete and still mask the planted secrets.
 *
 * The redaction runs in a child process so that the old, quadratic patterns (about 45 minutes for this
 * input) are stopped by a hang guard instead of blocking the suite. The guard is not a performance figure:
 * the pass takes well under a second; its time is a benchmark row (`npm run bench -- --only=redaction`).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MASK } from '../../src-main/main/reports/redact'
import { PLANTED } from './adversarial-text'

const HANG_GUARD_MS = 90_000

interface ChildResult {
  inputLength: number
  outputLength: number
  keptRuns: number
  shapesDone: number
  plantedLeft: string[]
  masked: number
  cfg: { plantedLeft: string[]; haEnabled?: string; longestKey: number; storedLength: number }
  dfOfDigits: unknown
}

function redactInChild(): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'redaction-child.ts')], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const guard = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`redaction of 1 MiB did not finish in ${HANG_GUARD_MS / 1000} s: a pattern is not linear`))
    }, HANG_GUARD_MS)
    child.on('close', (code) => {
      clearTimeout(guard)
      if (code === 0) resolve(JSON.parse(out) as ChildResult)
      else reject(new Error(`redaction child exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`))
    })
  })
}

describe('redaction of hostile node text', () => {
  it(
    '1 MiB of adversarial text and a 200,000-character cfg key: redacted, every planted secret masked',
    async () => {
      const r = await redactInChild()
      expect(r.inputLength).toBeGreaterThan(1_000_000)
      expect(r.plantedLeft).toEqual([])
      expect(r.masked).toBe(3)
      // the runs without a separator are kept as they were (`xPassword=xPassword=…` is a key=value, masked)
      expect(r.keptRuns).toBe(5)
      expect(r.shapesDone).toBe(8)
      expect(r.outputLength).toBeLessThanOrEqual(r.inputLength - PLANTED.reduce((n, s) => n + s.length - MASK.length, 0))
      expect(r.cfg.plantedLeft).toEqual([])
      expect(r.cfg.haEnabled).toBe('yes')
      // a key name past the bound is not a key: the line is kept only as a cut excerpt
      expect(r.cfg.longestKey).toBeLessThanOrEqual(256)
      expect(r.cfg.storedLength).toBeLessThan(10_000)
      expect(r.dfOfDigits).toBeNull()
    },
    HANG_GUARD_MS + 30_000
  )
})
