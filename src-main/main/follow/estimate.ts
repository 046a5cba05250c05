/**
 * Time to completion of a replication from its recent growth: a least-squares line through the replica's
 * bytes over the last `windowSeconds`, the remaining bytes divided by its slope, and a range from the
 * slope's standard error (±2 SE, about 95 %). Pure: no clock, no I/O.
 */
import type { FollowEstimate } from '../../shared/domain/follow'

export interface GrowthPoint {
  /** seconds since the follow started */
  t: number
  /** replica xdb/data bytes (what the rate and the ETA are computed on) */
  bytes: number
  /** anything that shows progress (data + log bytes and file counts); a change = not stalled */
  progress: number
}

export interface EstimateOptions {
  /** the recent window the rate is fitted on (default 60 s) */
  windowSeconds?: number
  /** no progress for this long = stalled (default 60 s) */
  stallSeconds?: number
}

/** The estimate at the last point of `points` (ordered by t) towards `targetBytes`. */
export function estimateCompletion(points: readonly GrowthPoint[], targetBytes: number, o: EstimateOptions = {}): FollowEstimate {
  const windowSeconds = o.windowSeconds ?? 60
  const stallSeconds = o.stallSeconds ?? 60
  const last = points[points.length - 1]
  const remainingBytes = last ? Math.max(0, targetBytes - last.bytes) : Math.max(0, targetBytes)
  // stalled: the first point that already shows the latest progress value
  let since = last?.t ?? 0
  for (let i = points.length - 1; i >= 0 && points[i].progress === last.progress; i--) since = points[i].t
  const stalledForSeconds = last ? last.t - since : 0
  const done = last !== undefined && remainingBytes === 0
  const base = { remainingBytes, stalled: !done && stalledForSeconds >= stallSeconds, stalledForSeconds }
  if (done) return { ...base, rateBytesPerSec: null, etaSeconds: 0, etaLowSeconds: 0, etaHighSeconds: 0 }

  const recent = last ? points.filter((p) => p.t >= last.t - windowSeconds) : []
  if (recent.length < 2 || recent[recent.length - 1].t === recent[0].t) {
    return { ...base, rateBytesPerSec: null, etaSeconds: null, etaLowSeconds: null, etaHighSeconds: null }
  }
  const n = recent.length
  const meanT = recent.reduce((a, p) => a + p.t, 0) / n
  const meanB = recent.reduce((a, p) => a + p.bytes, 0) / n
  let sxx = 0
  let sxy = 0
  for (const p of recent) {
    sxx += (p.t - meanT) ** 2
    sxy += (p.t - meanT) * (p.bytes - meanB)
  }
  const rate = sxy / sxx
  // residual spread → standard error of the slope (needs 3 points)
  let se: number | null = null
  if (n >= 3) {
    let ssr = 0
    for (const p of recent) ssr += (p.bytes - (meanB + rate * (p.t - meanT))) ** 2
    se = Math.sqrt(ssr / (n - 2) / sxx)
  }
  if (!(rate > 0)) return { ...base, rateBytesPerSec: rate, etaSeconds: null, etaLowSeconds: null, etaHighSeconds: null }
  const eta = remainingBytes / rate
  if (se === null) return { ...base, rateBytesPerSec: rate, etaSeconds: eta, etaLowSeconds: null, etaHighSeconds: null }
  const fast = rate + 2 * se
  const slow = rate - 2 * se
  return {
    ...base,
    rateBytesPerSec: rate,
    etaSeconds: eta,
    etaLowSeconds: remainingBytes / fast,
    etaHighSeconds: slow > 0 ? remainingBytes / slow : null
  }
}
