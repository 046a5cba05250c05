/**
 * One follow sample of one node = one short exec: count, bytes and newest file of GuiSvr/xdb/data and
 * xdb/log (one `ls -lnt` and one awk each, a few lines back whatever the number of files), and on the
 * replica the watched guiDaemon.0 lines appended since the previous sample (byte offset, at most
 * GUILOG_SCAN_BYTES read per sample, lines cut at 300 characters).
 */
import type { DirSample, ReplicationEvent } from '../../shared/domain/follow'
import type { NsmPaths } from '../../shared/domain/pair'
import { shQuote as q } from '../shell/quote'
import { files } from '../fixes/sh'

/** bytes of guiDaemon.0 read per sample at most (the next sample goes on from there) */
export const GUILOG_SCAN_BYTES = 1024 * 1024
/** how far back the first sample looks for the replica's latest event */
export const GUILOG_FIRST_BYTES = 256 * 1024
/** stdout kept per sample exec */
export const SAMPLE_MAX_STDOUT = 32 * 1024

const WATCHED = 'DB_EVENT_REP_NEWMASTER|DB_EVENT_REP_STARTUPDONE|DB_PANIC|guiSvrManager (starting|stopping)'

// one line per directory: "<dir> <files> <bytes> <newest> <newest bytes>" (- when empty)
const DIR_AWK =
  '$1 == "total" || NF < 9 || substr($1, 1, 1) == "d" { next } { n++; b += $5; if (nn == "") { nn = $9; ns = $5 } } ' +
  'END { printf "%s %d %.0f %s %.0f\\n", d, n, b, (nn == "" ? "-" : nn), ns }'

/**
 * The command of one sample. `guiLogOffset`: where the previous sample stopped reading guiDaemon.0
 * (undefined = first sample: the last GUILOG_FIRST_BYTES); omitted `watchLog` = no log part (the source).
 */
export function sampleCommand(paths: NsmPaths, watchLog: boolean, guiLogOffset?: number): string {
  const f = files(paths)
  const dirs =
    `X=${q(f.xdb)}; for d in data log; do if [ ! -d "$X/$d" ]; then echo "$d missing"; elif [ ! -r "$X/$d" ]; then echo "$d unreadable"; ` +
    `else ls -lnt "$X/$d" 2>/dev/null | awk -v d="$d" ${q(DIR_AWK)}; fi; done`
  if (!watchLog) return dirs
  const from = guiLogOffset === undefined ? -1 : Math.max(0, Math.floor(guiLogOffset))
  const log =
    `L=${q(f.guiLog)}; O=${from}; if [ -r "$L" ]; then s=$(( $(wc -c < "$L") + 0 )); ` +
    `if [ "$O" -lt 0 ]; then O=$(( s > ${GUILOG_FIRST_BYTES} ? s - ${GUILOG_FIRST_BYTES} : 0 )); fi; [ "$s" -ge "$O" ] || O=0; ` +
    `echo "guilog $s $O"; tail -c +$((O + 1)) "$L" | head -c ${GUILOG_SCAN_BYTES} | grep -E ${q(WATCHED)} | tail -n 20 | cut -c1-300; ` +
    'else echo "guilog missing"; fi'
  return `${dirs}; ${log}`
}

export interface ParsedSample {
  data: DirSample
  log: DirSample
  /** the replica's log part: file size, where this sample read from, the watched lines in order */
  guiLog?: { size: number; from: number; events: ReplicationEvent[] } | { missing: true }
}

function dir(lines: string[], name: 'data' | 'log'): DirSample {
  const line = lines.find((l) => l.startsWith(`${name} `))
  if (!line) return { files: 0, bytes: 0, error: `no ${name} listing` }
  const [, a, b, newest, newestBytes] = line.trim().split(/\s+/)
  if (a === 'missing' || a === 'unreadable') return { files: 0, bytes: 0, error: `xdb/${name} ${a}` }
  const out: DirSample = { files: Number(a) || 0, bytes: Number(b) || 0 }
  if (newest && newest !== '-') {
    out.newest = newest
    out.newestBytes = Number(newestBytes) || 0
  }
  return out
}

/** The kind of a watched guiDaemon.0 line (undefined: not one the follow watches). */
export function eventKind(text: string): ReplicationEvent['kind'] | undefined {
  if (/DB_EVENT_REP_STARTUPDONE/.test(text)) return 'STARTUPDONE'
  if (/DB_EVENT_REP_NEWMASTER/.test(text)) return 'NEWMASTER'
  if (/DB_PANIC/.test(text)) return 'DB_PANIC'
  if (/guiSvrManager starting/.test(text)) return 'STARTING'
  if (/guiSvrManager stopping/.test(text)) return 'STOPPING'
  return undefined
}

/** Read one sample's stdout (sampleCommand's output). */
export function parseSample(stdout: string): ParsedSample {
  const lines = stdout.split(/\r?\n/)
  const out: ParsedSample = { data: dir(lines, 'data'), log: dir(lines, 'log') }
  const at = lines.findIndex((l) => l.startsWith('guilog '))
  if (at >= 0) {
    const [, size, from] = lines[at].trim().split(/\s+/)
    if (size === 'missing') out.guiLog = { missing: true }
    else {
      const events: ReplicationEvent[] = []
      for (const text of lines.slice(at + 1)) {
        const kind = eventKind(text)
        if (kind) events.push({ kind, text: text.trim() })
      }
      out.guiLog = { size: Number(size) || 0, from: Number(from) || 0, events }
    }
  }
  return out
}

/** Where the next sample reads guiDaemon.0 from: after what this one read (never skipping bytes). */
export function nextOffset(g: { size: number; from: number }): number {
  return Math.min(g.size, g.from + GUILOG_SCAN_BYTES)
}
