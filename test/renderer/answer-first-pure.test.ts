/**
 * The pure parts of the answer-first views: the timeline's label rows (never overlapping) and failover
 * naming, the Nodes view's tolerances, the fleet's active node / replication glance, and the fix impact.
 */
import { describe, expect, it } from 'vitest'
import { incidentEvents, labelRows } from '../../src-renderer/src/features/timeline/incident'
import { compareNodes, versionNumbers } from '../../src-renderer/src/features/compare/compare-nodes'
import { fixImpact, duration } from '../../src-renderer/src/features/fixes/impact'
import { haGlance } from '../../src-main/shared/domain/ha-state'
import { notCheckedReason, type LogEvent, type NodeFacts, type RunReport } from '../../src-main/shared/domain/run'
import type { FixPlan } from '../../src-main/shared/domain/fix'

const ev = (node: 'primary' | 'secondary', kind: LogEvent['kind'], at: string): LogEvent => ({
  node,
  kind,
  at,
  source: 'g',
  line: 1,
  text: kind
})

const facts = (over: Partial<NodeFacts> = {}): NodeFacts => ({
  role: 'primary',
  host: 'h',
  port: 22,
  reachable: true,
  configs: {},
  tools: {},
  events: [],
  ...over
})

describe('timeline', () => {
  it('places labels in rows so that none overlaps, whatever the order and spacing', () => {
    let seed = 7
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let round = 0; round < 50; round++) {
      const items = Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => ({ x: rnd() * 900, width: 30 + rnd() * 90 }))
      const rows = labelRows(items)
      for (let i = 0; i < items.length; i++)
        for (let j = i + 1; j < items.length; j++) {
          if (rows[i] !== rows[j]) continue
          const a = items[i]
          const b = items[j]
          expect(a.x + a.width / 2 <= b.x - b.width / 2 || b.x + b.width / 2 <= a.x - a.width / 2).toBe(true)
        }
    }
    // far apart labels share the first row
    expect(
      labelRows([
        { x: 0, width: 20 },
        { x: 500, width: 20 }
      ])
    ).toEqual([0, 0])
  })

  it('names a failover: a node becoming master after the other was', () => {
    const e = incidentEvents([
      ev('primary', 'MASTER', '2026-01-01T10:00:00Z'),
      ev('primary', 'STOP', '2026-01-01T11:00:00Z'),
      ev('secondary', 'MASTER', '2026-01-01T11:00:05Z'),
      ev('secondary', 'HA_EVENT', '2026-01-01T11:00:06Z')
    ])
    expect(e.map((x) => x.label)).toEqual(['master (active)', 'stop', 'failover → secondary master'])
    expect(e.filter((x) => x.failover).map((x) => x.node)).toEqual(['secondary'])
  })
})

describe('Nodes view', () => {
  const report = (p: Partial<NodeFacts>, s: Partial<NodeFacts>): RunReport =>
    ({ nodes: { primary: facts(p), secondary: facts({ role: 'secondary', ...s }) } }) as unknown as RunReport
  const row = (r: RunReport, label: string) => compareNodes(r).find((x) => x.label === label)!

  it('compares clocks as numbers with a tolerance, versions by their numbers', () => {
    expect(row(report({ clockOffsetMs: 500 }, { clockOffsetMs: -400 }), 'Clock offset (to this computer)').differ).toBe(false)
    expect(row(report({ clockOffsetMs: 500 }, { clockOffsetMs: 7500 }), 'Clock offset (to this computer)').differ).toBe(true)
    expect(row(report({ nsmVersion: '2012.2R5' }, { nsmVersion: ' 2012.2R5 ' }), 'NSM version').differ).toBe(false)
    expect(row(report({ nsmVersion: '2012.2R5' }, { nsmVersion: '2012.2R6' }), 'NSM version').differ).toBe(true)
    expect(versionNumbers('5.2.0 (rev 12)')).toEqual([5, 2, 0, 12])
    const xdb = (bytes: number) => ({ dataFiles: 7, dataBytes: bytes, logFiles: [], initFiles: 0 })
    expect(row(report({ xdb: xdb(1_000_000) }, { xdb: xdb(995_000) }), 'xdb data').differ).toBe(false)
    expect(row(report({ xdb: xdb(1_000_000) }, { xdb: xdb(900_000) }), 'xdb data').differ).toBe(true)
  })
})

describe('fleet glance and not checked', () => {
  it('the active node from the latest role events; two masters; nothing to tell', () => {
    const p = facts({
      events: [ev('primary', 'MASTER', '2026-01-01T10:00:00Z')],
      haStatus: { processes: {}, exitCode: 0, local: { state: 'running', repl: 'in-sync', raw: '' } }
    })
    const s = facts({
      role: 'secondary',
      events: [ev('secondary', 'CLIENT', '2026-01-01T10:00:01Z')],
      haStatus: { processes: {}, exitCode: 0, local: { state: 'standby', repl: 'in-sync', raw: '' } }
    })
    expect(haGlance({ primary: p, secondary: s })).toEqual({ active: 'primary', replication: 'in-sync' })
    const both = facts({ role: 'secondary', events: [ev('secondary', 'MASTER', '2026-01-01T10:00:01Z')] })
    expect(haGlance({ primary: p, secondary: both }).active).toBe('both')
    const stopped = facts({ events: [ev('primary', 'MASTER', '2026-01-01T10:00:00Z'), ev('primary', 'STOP', '2026-01-01T10:05:00Z')] })
    expect(haGlance({ primary: stopped, secondary: facts({ role: 'secondary' }) })).toEqual({ active: null, replication: null })
  })

  it('a run is not checked only when neither node was reached (the reason once when shared)', () => {
    const down = { reachable: false, error: 'connect ECONNREFUSED' }
    expect(notCheckedReason({ primary: down, secondary: down })).toBe('neither node reached: connect ECONNREFUSED')
    expect(notCheckedReason({ primary: down, secondary: { reachable: false, error: 'host key CHANGED' } })).toBe(
      'neither node reached: primary connect ECONNREFUSED; secondary host key CHANGED'
    )
    expect(notCheckedReason({ primary: down, secondary: { reachable: true } })).toBeUndefined()
    expect(notCheckedReason({ primary: down, secondary: down }, 'cancelled')).toBeUndefined()
  })
})

describe('fix impact', () => {
  it('says what changes where, whether HA restarts, how long and how to undo', () => {
    const step = (node: 'primary' | 'secondary', kind: FixPlan['steps'][number]['kind'], title: string, timeoutMs = 30_000) => ({
      id: title,
      node,
      kind,
      title,
      command: 'x',
      timeoutMs,
      leaves: ''
    })
    const plan = {
      steps: [
        step('secondary', 'backup', 'b'),
        step('secondary', 'stop', 's'),
        step('secondary', 'change', 'write key'),
        step('secondary', 'start', 'st', 90_000)
      ],
      backups: [{ node: 'secondary', what: 'haSvr.cfg', from: '/a', to: '/a.bak', method: 'copy' }],
      destroys: [],
      deleteAcknowledgementRequired: false
    } as unknown as FixPlan
    const i = fixImpact(plan)
    expect(i.changes).toEqual([{ node: 'secondary', what: ['write key'] }])
    expect(i.haRestart).toEqual(['secondary'])
    expect(i.maxSeconds).toBe(180)
    expect(duration(i.maxSeconds)).toBe('3 min')
    expect(i.undo).toBe('restore the backups: secondary /a.bak')
    expect(fixImpact({ ...plan, steps: [step('primary', 'read', 'r')], backups: [] }).undo).toBe('nothing to undo: it changes no file')
  })
})
