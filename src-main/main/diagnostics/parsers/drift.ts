/**
 * The probe's `drift` section (probe-drift.ts): the summary of an rsync dry run with --itemize-changes
 * from the active node to the standby. Pure; tolerant of CRLF and of lines it does not know.
 */

/** One path the next sync would change, from rsync's itemized line `YXcstpoguax path`. */
export interface DriftItem {
  /** the itemized line as rsync printed it */
  line: string
  path: string
  change: 'new' | 'changed' | 'deleted' | 'attributes'
  /** f file, d directory, L symlink, D device, S special */
  type: string
}

export interface DriftFacts {
  /** the command the section names: the dry run, exactly as it ran (as the rsync user) */
  command?: string
  user?: string
  peer?: string
  /** the section was not run, and why (`not the active node`, `highAvail.rsyncUser not set`) */
  skipped?: string
  /** why it could not run at all (exclude.rsync missing / unreadable) */
  error?: string
  /** rsync's exit code (124 when `timeout` stopped it); undefined when not received */
  rc?: number
  /** the first paths listed (at most the probe's DRIFT_KEEP) */
  items: DriftItem[]
  totals: { total: number; new: number; changed: number; deleted: number; attributes: number }
  /** the last lines that were not itemized paths (ssh/rsync errors and warnings) */
  errors: string[]
  errorCount: number
}

function itemOf(line: string): DriftItem | undefined {
  const del = /^\*deleting\s+(.*)$/.exec(line)
  if (del) return { line, path: del[1], change: 'deleted', type: del[1].endsWith('/') ? 'd' : 'f' }
  const m = /^([<>ch.])([fdLDSU])(\S*)\s+(.*)$/.exec(line)
  if (!m) return undefined
  const change = m[3].startsWith('+') ? 'new' : m[1] === '<' || m[1] === '>' ? 'changed' : 'attributes'
  return { line, path: m[4], change, type: m[2] }
}

/** Parse the body of the drift section (rc = the section's exit code). */
export function parseDrift(text: string, sectionRc: number | null): DriftFacts {
  const facts: DriftFacts = { items: [], totals: { total: 0, new: 0, changed: 0, deleted: 0, attributes: 0 }, errors: [], errorCount: 0 }
  let sawTotals = false
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (line.startsWith('@skip ')) facts.skipped = line.slice(6).trim()
    else if (/^(missing|not readable)\b/.test(line)) facts.error ??= line
    else if (line.startsWith('user=')) facts.user = line.slice(5)
    else if (line.startsWith('peer=')) facts.peer = line.slice(5)
    else if (line.startsWith('cmd=')) facts.command = line.slice(4)
    else if (line.startsWith('i ')) {
      const item = itemOf(line.slice(2))
      if (item) facts.items.push(item)
    } else if (line.startsWith('e ')) facts.errors.push(line.slice(2))
    else if (line.startsWith('total=')) {
      sawTotals = true
      const n = (k: string): number => Number(new RegExp(`\\b${k}=(\\d+)`).exec(line)?.[1] ?? 0)
      facts.totals = { total: n('total'), new: n('new'), changed: n('changed'), deleted: n('deleted'), attributes: n('attrs') }
    } else if (line.startsWith('errors=')) facts.errorCount = Number(line.slice(7)) || 0
    else if (/^rc=\d+$/.test(line)) facts.rc = Number(line.slice(3))
  }
  if (!sawTotals) facts.totals.total = facts.items.length
  if (!facts.skipped && !facts.error && facts.rc === undefined && sectionRc !== null && sectionRc !== 0)
    facts.error = `drift section ended with exit code ${sectionRc}`
  return facts
}
