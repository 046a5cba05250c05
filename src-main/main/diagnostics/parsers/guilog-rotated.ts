/**
 * The probe's `guilog-rotated` section (probe-rotated.ts, docs/nsm-formats.md A-21): blocks `file=<path>`
 * then `size=<n>` (or why it cannot be read) and the same `<lineNo>:<text>` / `0:#count` lines as
 * guiDaemon.0. Each file's events keep their own file and line (the evidence names where a line came
 * from) and carry `rotated: k`, so eventOrder() puts them before guiDaemon.0, older files first.
 */
import type { NodeRole } from '../../../shared/domain/check'
import { parseGuiLog, type GuiLogFacts, type RotatedLogFacts } from './guilog'
import type { TimeContext } from './time'

/** k of a `…guiDaemon.k` or `…guiDaemon.k.gz` path (undefined when it does not end in `.<digits>` or `.<digits>.gz`). */
export function rotationIndex(path: string): number | undefined {
  const m = /\.(\d+)(?:\.gz)?$/.exec(path)
  return m ? Number(m[1]) : undefined
}

/**
 * Parse the section and add what it read to `current` (the guiDaemon.0 facts): `rotated` lists the files,
 * and their events go before guiDaemon.0's in `events`, oldest file first. Returns the added events.
 */
export function addRotatedGuiLogs(current: GuiLogFacts, text: string, opts: { node: NodeRole; time?: TimeContext }): GuiLogFacts['events'] {
  if (/^@skip /m.test(text)) return []
  const blocks: { source: string; lines: string[] }[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (line.startsWith('file=')) blocks.push({ source: line.slice(5), lines: [] })
    else blocks[blocks.length - 1]?.lines.push(line)
  }
  const files: RotatedLogFacts[] = []
  const added: GuiLogFacts['events'] = []
  for (const b of blocks) {
    const index = rotationIndex(b.source) ?? files.length + 1
    const g = parseGuiLog([`path=${b.source}`, ...b.lines].join('\n'), { node: opts.node, source: b.source, time: opts.time })
    files.push({
      source: b.source,
      index,
      ...(g.sizeBytes !== undefined ? { sizeBytes: g.sizeBytes } : {}),
      ...(g.error ? { error: g.error } : {}),
      counts: g.counts
    })
    for (const e of g.events) added.push({ ...e, rotated: index })
  }
  // older files first, each in line order (parseGuiLog sorted them)
  added.sort((a, b) => (b.rotated ?? 0) - (a.rotated ?? 0) || a.line - b.line)
  current.rotated = files
  current.events = [...added, ...current.events]
  // a blank guiDaemon.0 just after a rotation is no unrecognised log: the rotated files held NSM's lines
  const cur = current as { unrecognised?: string[] }
  if (added.length > 0 && cur.unrecognised?.every((l) => !l.trim())) delete cur.unrecognised
  return added
}
