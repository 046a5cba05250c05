/**
 * haStatus output (docs/nsm-formats.md A-5). Tokens, not columns: a `Local Server` and a `Peer Server`
 * line with a state, `network-up|down` and `db-repl:<state>`; process lines in any wording that names
 * highAvail / highAvailSvr with a state word (`Process highAvail : started`, `highAvail : started`,
 * `highAvailSvr is running`, `highAvail (pid 42) is stopped`), and `Process <name> : <state>` for others.
 */
import type { HaStatusFacts, HaStatusLine } from '../../../shared/domain/run'
import { cutText } from '../cut'

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/
/** the HA process names (word-bounded: highAvail never matches inside highAvailSvr) */
const HA_PROCESS = /\b(highAvailSvr|highAvail)\b/gi
const STOPPED_WORD = /\b(not\s+running|stopped|dead|down|inactive|exited|failed|not\s+started)\b/i
const RUNNING_WORD = /\b(started|running|active|up|alive|ok)\b/i

/** `started` / `stopped` for a state word in any wording, undefined when it says neither. */
export function processState(text: string): 'started' | 'stopped' | undefined {
  if (STOPPED_WORD.test(text)) return 'stopped'
  if (RUNNING_WORD.test(text)) return 'started'
  return undefined
}

export function parseHaStatus(text: string, exitCode: number | null): HaStatusFacts {
  const facts: HaStatusFacts = { processes: {}, processLines: {}, exitCode: exitCode ?? -1 }
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line) continue
    const server = /^(local|peer)\s*server\s*:?\s*(.*)$/i.exec(line)
    if (server) {
      const parsed = parseServerLine(server[2], line)
      if (server[1].toLowerCase() === 'local') facts.local = parsed
      else facts.peer = parsed
      continue
    }
    const names = [...line.matchAll(HA_PROCESS)].map((m) => (m[1].toLowerCase() === 'highavailsvr' ? 'highAvailSvr' : 'highAvail'))
    if (names.length > 0) {
      // the state is what follows the last process name on the line
      const last = [...line.matchAll(HA_PROCESS)].pop()!
      const state = processState(line.slice(last.index! + last[0].length))
      if (state) {
        for (const name of names) {
          facts.processes[name] = state
          facts.processLines![name] = cutText(line, 500)
        }
        continue
      }
    }
    const proc = /^process\s+([^\s:]+)\s*:?\s*(\S+)/i.exec(line)
    if (proc) {
      facts.processes[proc[1]] = processState(proc[2]) ?? proc[2].toLowerCase()
      facts.processLines![proc[1]] = cutText(line, 500)
    }
  }
  const empty = !facts.local && !facts.peer && Object.keys(facts.processes).length === 0
  facts.recognised = !empty
  if (exitCode === 124 && empty) {
    facts.error = `haStatus did not answer within its time limit (exit 124)${text.trim() ? `: ${firstLine(text)}` : ''}`
  } else if (exitCode === 127 || exitCode === 126 || (empty && exitCode !== 0)) {
    facts.error = firstLine(text) || `haStatus exited ${exitCode}`
  }
  return facts
}

function parseServerLine(rest: string, raw: string): HaStatusLine {
  const tokens = rest.split(/\s+/).filter(Boolean)
  const line: HaStatusLine = { state: 'unknown', raw }
  const others: string[] = []
  for (const t of tokens) {
    const repl = /^db-?repl[:=](\S+)$/i.exec(t)
    if (repl) line.repl = repl[1].toLowerCase()
    else if (/^network-/i.test(t)) line.network = t.toLowerCase()
    else if (!line.addr && (IPV4.test(t) || /^[0-9a-f:]+:[0-9a-f:]*$/i.test(t))) line.addr = t
    else others.push(t)
  }
  if (others.length > 0) line.state = others.join(' ').toLowerCase()
  return line
}

/** True when a Local/Peer line reads as a timed-out / error peer (KB11264 step 1). */
export function isTimedOut(line: HaStatusLine | undefined): boolean {
  return !!line && /timed[-_ ]?out|\berror\b/i.test(line.state)
}

/** What a Local Server state says about the node's own HA server: running (active or standby) or stopped. */
export function localServerState(line: HaStatusLine | undefined): 'started' | 'stopped' | undefined {
  if (!line) return undefined
  if (/\b(stopped|down|dead|not\s+running)\b/i.test(line.state)) return 'stopped'
  if (/\b(running|active|standby|master|primary|secondary|slave|backup|up)\b/i.test(line.state)) return 'started'
  return undefined
}

/** The first non-blank line, whole up to 300 characters (a cut says so). */
export function firstLine(text: string): string {
  return cutText((text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim(), 300)
}

/** The first `n` non-blank lines of raw output, each cut visibly, for "not recognised" evidence. */
export function firstLines(text: string, n = 8): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const shown = lines.slice(0, n).map((l) => cutText(l.replace(/\r$/, ''), 300))
  return [...shown, ...(lines.length > n ? [`… [${lines.length - n} more lines]`] : [])].join('\n')
}
