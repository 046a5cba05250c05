/**
 * haStatus output (docs/nsm-formats.md A-5). Tokens, not columns: a `Local Server` and a `Peer Server`
 * line with a state, `network-up|down` and `db-repl:<state>`; `Process <name> : <state>` lines.
 */
import type { HaStatusFacts, HaStatusLine } from '../../../shared/domain/run'

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/

export function parseHaStatus(text: string, exitCode: number | null): HaStatusFacts {
  const facts: HaStatusFacts = { processes: {}, exitCode: exitCode ?? -1 }
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
    const proc = /^process\s+([^\s:]+)\s*:?\s*(\S+)/i.exec(line)
    if (proc) facts.processes[proc[1]] = proc[2].toLowerCase()
  }
  const empty = !facts.local && !facts.peer && Object.keys(facts.processes).length === 0
  if (exitCode === 127 || exitCode === 126 || (empty && exitCode !== 0)) {
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

export function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim().slice(0, 300)
}
