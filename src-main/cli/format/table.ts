import { say, terminalSafe } from './terminal'

/**
 * A plain text table for the terminal: a head row, then one row per item, columns padded to the widest cell.
 * Cells are made terminal-safe first (control characters as visible escapes; in a cell a newline or a tab too,
 * so no cell can start a row of its own), and the columns line up on what is shown.
 */
export function tableLines(head: readonly string[], cells: readonly (readonly string[])[]): string[] {
  const rows = cells.map((r) => r.map(cell))
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  return [head, ...rows].map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  )
}

function cell(text: string): string {
  return terminalSafe(text).replace(/[\n\t]/g, (c) => (c === '\n' ? '\\x0a' : '\\x09'))
}

/** Print a table (see tableLines) to stdout, one line each, made terminal-safe. */
export function printTable(head: readonly string[], rows: readonly (readonly string[])[]): void {
  for (const line of tableLines(head, rows)) say(line)
}
