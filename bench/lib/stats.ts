/** Small helpers for the benchmark: timing, medians, formatting, the result rows. */
import { performance } from 'node:perf_hooks'

export interface Row {
  section: string
  name: string
  value: string
  /** ratio or goal verdict, free text */
  note?: string
}

export async function timeIt<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await f()
  return { ms: performance.now() - t0, value }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export function ms(x: number): string {
  if (x >= 10_000) return `${(x / 1000).toFixed(1)} s`
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`
  if (x >= 10) return `${x.toFixed(0)} ms`
  return `${x.toFixed(2)} ms`
}

export function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${n} B`
}

export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}x`
}

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`)
}
