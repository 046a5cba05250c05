/**
 * haStatus output (docs/nsm-formats.md A-5). Tokens, not columns: a `Local Server` and a `Peer Server`
 * line with a state, `network-up|down` and `db-repl:<state>`; process lines in any wording that names
 * highAvail / highAvailSvr with a state word (`Process highAvail : started`, `highAvail : started`,
 * `highAvailSvr is running`, `highAvail (pid 42) is stopped`, KB10366's `highAvail (pid 26654)......ON`), and
 * `Process <name> : <state>` for others.
 */
import type { HaStatusFacts, HaStatusLine } from '../../../shared/domain/run'
import { cutText } from '../cut'

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/
/** the HA process names (word-bounded: highAvail never matches inside highAvailSvr) */
const HA_PROCESS = /\b(highAvailSvr|highAvail)\b/gi
const STOPPED_WORD = /\b(not\s+running|stopped|dead|down|inactive|exited|failed|not\s+started)\b/i
const RUNNING_WORD = /\b(started|running|active|up|alive|ok)\b/i

/**
 * KB10366's process lines end in a state after a dot leader: `highAvail (pid 26654)......ON` (`OFF` the other
 * state). Upper case at the end of the line only, so a word "on" in running text is no state.
 */
const ON_OFF = /(?:\.{2,}|[\s:])\s*(ON|OFF)\s*$/

/** `started` / `stopped` for a state word in any wording, undefined when it says neither. */
export function processState(text: string): 'started' | 'stopped' | undefined {
  const onOff = ON_OFF.exec(text)
  if (onOff) return onOff[1] === 'ON' ? 'started' : 'stopped'
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

/**
 * The layout a 2011 Juniper support script implies (PR 592133 takes `haStatus | grep running | awk '{print $1}'`
 * as the running server's address): state lines that begin with the server's IP, `<ip> running network-up
 * db-repl:in-sync`. Not seen verbatim: recognised only with the state, a network-up|down or db-repl token after it.
 */
export function ipLedServerLines(text: string): HaStatusLine[] {
  const out: HaStatusLine[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    const m = /^(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]+)\s*:?\s+(\S.*)$/i.exec(line)
    if (!m || !/(^|\s)(network-\S+|db-?repl[:=]\S+)/i.test(m[2])) continue
    const parsed = parseServerLine(m[2], line)
    parsed.addr = m[1].toLowerCase()
    out.push(parsed)
  }
  return out
}

/**
 * Local and peer from IP-led state lines: the local server is the line whose address the node owns (`owns`),
 * the peer the other. Undefined unless exactly two lines and exactly one of them is owned.
 */
export function resolveIpLed(
  lines: HaStatusLine[],
  owns: (addr: string) => boolean
): { local: HaStatusLine; peer: HaStatusLine } | undefined {
  if (lines.length !== 2) return undefined
  const owned = lines.filter((l) => l.addr && owns(l.addr))
  if (owned.length !== 1) return undefined
  return { local: owned[0], peer: lines.find((l) => l !== owned[0])! }
}
