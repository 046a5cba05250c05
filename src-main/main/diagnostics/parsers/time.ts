/**
 * Log timestamps (docs/nsm-formats.md A-6): `YYYY/MM/DD HH:MM:SS(.mmm)`, `YYYY-MM-DD[T ]HH:MM:SS(.mmm)`
 * and syslog `Mon DD HH:MM:SS`. They are node-local clock readings, read as UTC; the node's measured
 * clock offset is subtracted so events of both nodes share one time line.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

export interface TimeContext {
  /** node clock minus local clock, ms (0 when unknown) */
  clockOffsetMs?: number
  /** the node's clock (epoch ms) at collection: gives the year of syslog stamps */
  nodeNowMs?: number
}

/** Epoch ms (corrected to the local clock) of the first timestamp in `text`, or undefined. */
export function parseLogTime(text: string, ctx: TimeContext = {}): number | undefined {
  let ms: number | undefined
  const iso = /(\d{4})[/-](\d{1,2})[/-](\d{1,2})[T ](\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?/.exec(text)
  if (iso) {
    const [, y, mo, d, h, mi, s, frac] = iso
    ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0)
  } else {
    const sys = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\b/i.exec(text)
    if (sys) {
      const month = MONTHS.indexOf(sys[1].toLowerCase())
      const nodeNow = ctx.nodeNowMs ?? Date.now()
      let year = new Date(nodeNow).getUTCFullYear()
      const candidate = Date.UTC(year, month, +sys[2], +sys[3], +sys[4], +sys[5])
      // a December line read in January belongs to the previous year
      if (candidate > nodeNow + 86_400_000) year -= 1
      ms = Date.UTC(year, month, +sys[2], +sys[3], +sys[4], +sys[5])
    }
  }
  if (ms === undefined || Number.isNaN(ms)) return undefined
  return ms - (ctx.clockOffsetMs ?? 0)
}

export function toIso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString()
}
