/**
 * ha.log (docs/nsm-formats.md A-7), as the probe sends it: `path=`, `size=`, `success=<lineNo>:<text>`
 * (the last SUCCESS line), then the last matching `<lineNo>:<text>` lines (errors, `cmd:` and result lines).
 * A large ha.log is read from its end (`window=<byte>` after `size=`, A-24): its line numbers then count from that byte.
 * Errors after the last SUCCESS are "recent"; the failing command is the last `cmd:` line before the first
 * of them (or, when none precedes it, the last one before the last error).
 */
import type { NodeRole } from '../../../shared/domain/check'
import type { LogEvent } from '../../../shared/domain/run'
import { cutText, EVIDENCE_CAP } from '../cut'
import { parseLogTime, toIso, type TimeContext } from './time'

export interface NumberedLine {
  line: number
  text: string
}

export interface HaLogFacts {
  source: string
  present: boolean
  sizeBytes?: number
  /** ha.log was read from this byte to its end: line numbers are counted from there */
  fromByte?: number
  /** why a large ha.log was read whole (e.g. `tail not available`) */
  readWhole?: string
  lastSuccess?: NumberedLine
  lines: NumberedLine[]
  /** error lines after the last SUCCESS */
  recentErrors: NumberedLine[]
  /** the `cmd:` line that failed, and the command itself ready to copy */
  failingCmd?: NumberedLine & { command: string }
  events: LogEvent[]
  /** why it could not be read (missing / permission denied / timed out reading) */
  error?: string
  /** the log holds none of the expected lines and does not look like a log: its first lines (`#raw`) */
  unrecognised?: string[]
}

const ERROR_TEXT = /\bERROR\b|Permission denied|Host key verification failed|connection unexpectedly closed|rsync error|command not found/i

export const HALOG_GREP_ERE =
  'ERROR|cmd:|result|SUCCESS|FAIL|Permission denied|Host key verification failed|connection unexpectedly closed|rsync error|command not found'

export function isHaLogError(text: string): boolean {
  return ERROR_TEXT.test(text)
}

export function parseHaLog(text: string, opts: { node: NodeRole; source: string; time?: TimeContext }): HaLogFacts {
  const facts: HaLogFacts = { source: opts.source, present: false, lines: [], recentErrors: [], events: [] }
  const seen = new Set<number>()
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\r$/, '')
    if (line.startsWith('path=')) facts.source = line.slice(5)
    else if (line.startsWith('missing') || line.startsWith('not readable') || line.startsWith('timed out reading'))
      facts.error = line.trim()
    else if (line.startsWith('window=')) {
      const w = /^window=(\d{1,20})$/.exec(line)
      if (w) facts.fromByte = Number(w[1])
      else if (line.startsWith('window=whole (')) facts.readWhole = line.slice('window=whole ('.length).replace(/\)$/, '')
    } else if (line === '0:#unrecognised') facts.unrecognised ??= []
    else if (line.startsWith('0:#raw ')) (facts.unrecognised ??= []).push(line.slice(7))
    else if (line.startsWith('size=')) {
      facts.present = true
      const n = Number(line.slice(5).trim())
      if (Number.isFinite(n)) facts.sizeBytes = n
    } else if (line.startsWith('success=')) {
      const m = /^success=(\d+):(.*)$/.exec(line)
      if (m) facts.lastSuccess = { line: Number(m[1]), text: m[2] }
    } else {
      const m = /^(\d+):(.*)$/.exec(line)
      if (m && !seen.has(Number(m[1]))) {
        seen.add(Number(m[1]))
        facts.lines.push({ line: Number(m[1]), text: cutText(m[2], EVIDENCE_CAP) })
      }
    }
  }
  facts.lines.sort((a, b) => a.line - b.line)
  // the last SUCCESS may also be among the lines (or be newer than the `success=` line when cut)
  for (const l of facts.lines) {
    if (/\bSUCCESS\b/.test(l.text) && !isHaLogError(l.text) && (!facts.lastSuccess || l.line > facts.lastSuccess.line)) {
      facts.lastSuccess = l
    }
  }
  const after = facts.lastSuccess?.line ?? 0
  facts.recentErrors = facts.lines.filter((l) => l.line > after && isHaLogError(l.text))
  if (facts.recentErrors.length > 0) {
    const first = facts.recentErrors[0]
    const last = facts.recentErrors[facts.recentErrors.length - 1]
    const cmds = facts.lines.filter((l) => /\bcmd:/.test(l.text))
    const before = (n: number) => cmds.filter((c) => c.line < n).pop()
    const cmd = before(first.line) ?? before(last.line)
    if (cmd) facts.failingCmd = { ...cmd, command: cmd.text.replace(/^.*?\bcmd:\s*/, '').trim() }
  }
  for (const l of facts.lines) {
    const isErr = isHaLogError(l.text)
    const isOk = /\bSUCCESS\b/.test(l.text) && !isErr
    if (!isErr && !isOk) continue
    facts.events.push({
      node: opts.node,
      kind: isErr ? 'RSYNC_ERROR' : 'RSYNC_OK',
      at: toIso(parseLogTime(l.text, opts.time)),
      source: facts.source,
      line: l.line,
      ...(facts.fromByte !== undefined ? { fromByte: facts.fromByte } : {}),
      text: l.text
    })
  }
  return facts
}
