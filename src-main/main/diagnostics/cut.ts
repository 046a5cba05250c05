/**
 * One rule for cutting evidence: text longer than its cap keeps the first `max` characters and says how
 * much was left out, so a cut is never silent (`… [cut: N more bytes]`). The probe's awk and shell cuts
 * write the same marker.
 */

/** Evidence lines (a command line from ha.log, a guiDaemon.0 line, an excerpt) are kept whole up to this. */
export const EVIDENCE_CAP = 8192

export function cutMarker(moreBytes: number): string {
  return ` … [cut: ${moreBytes} more bytes]`
}

/** `text` whole when it fits in `max` characters, else its first `max` characters and the cut marker. */
export function cutText(text: string, max: number = EVIDENCE_CAP): string {
  if (text.length <= max) return text
  if (/ … \[cut: \d+ more bytes\]$/.test(text) && text.length <= max + 40) return text
  return `${text.slice(0, max)}${cutMarker(Buffer.byteLength(text.slice(max)))}`
}
