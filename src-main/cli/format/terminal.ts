/**
 * Node text on a terminal: every string of a report goes through the redaction pass and then shows its
 * control characters as visible escapes before any formatter lays it out, so a node cannot write the
 * clipboard (OSC 52), retitle the window, erase or overwrite lines (`\r`, CSI 2J) or fake an end message.
 * C0 controls other than tab and newline, DEL and C1 controls become `\xHH`; bidirectional overrides and
 * line/paragraph separators become `\u{HHHH}`. The formatters' own colours are added after this pass.
 */
import type { RunReport } from '../../shared/domain/run'
import { redactDeep, redactText } from '../../main/reports/redact'
import { mapStrings } from '../../main/reports/format'

export { mapStrings }

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

function visible(c: string): string {
  const n = c.charCodeAt(0)
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`
}

/** One string made safe to print: control characters as visible escapes (tab and newline kept). */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, visible)
}

/** One line of node text for the terminal: redacted, then made safe. */
export function terminalLine(text: string): string {
  return terminalSafe(redactText(text))
}

/** The report as a terminal formatter may print it: redacted, every string safe. */
export function terminalReport(report: RunReport, extra: (s: string) => string = (s) => s): RunReport {
  return mapStrings(redactDeep(report), (s) => extra(terminalSafe(s)))
}

/**
 * The one way a command's text output reaches stdout: every control character shown as a visible escape.
 * Node text that may hold a secret goes through terminalLine first.
 */
export function say(text: string): void {
  console.log(terminalSafe(text))
}

/** The same on stderr (refusals, progress of a JSON run). */
export function sayError(text: string): void {
  console.error(terminalSafe(text))
}

const JSON_CONTROL = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * A value as JSON for the terminal: JSON.stringify escapes C0 controls but leaves DEL, C1 controls,
 * bidirectional overrides and line separators raw; these become `\uHHHH` too (still valid JSON, the same value
 * when parsed: they can only stand inside strings). `indent` 0: one line.
 */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(JSON_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Print a value as JSON on stdout (see jsonText). */
export function sayJson(value: unknown): void {
  console.log(jsonText(value))
}
