/**
 * Rotated guiDaemon logs: when guiDaemon.0 holds no `guiSvrManager starting`, the probe reads back through
 * guiDaemon.1, .2 … on the node until one holds it. The events keep their own file and line, order before
 * guiDaemon.0, and "since the last start" spans the files. Over real SSH on the `last-start-rotated`
 * scenario (the last start, ha-link, address, role and replication lines only in guiDaemon.1, an older
 * DB_PANIC before the start there too) every verdict is the healthy pair's, with evidence naming
 * guiDaemon.1 — and the same probe output without the rotated section gives wrong verdicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import { eventOrder, eventsSinceStart, lastStart, parseGuiLog } from '../../src-main/main/diagnostics/parsers/guilog'
import { addRotatedGuiLogs } from '../../src-main/main/diagnostics/parsers/guilog-rotated'
import { parseProbeOutput } from '../../src-main/main/diagnostics/probe'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { findSshd, startOpenSshPair } from '../../src-main/simulator/openssh'
import { requireSystem } from '../helpers/system'
import { collectPair, SALT } from './drift-collect'

const G0 = '/usr/netscreen/GuiSvr/var/errorLog/guiDaemon.0'
const G1 = '/usr/netscreen/GuiSvr/var/errorLog/guiDaemon.1'
const G2 = '/usr/netscreen/GuiSvr/var/errorLog/guiDaemon.2'

describe('rotated guiDaemon files: parsing and order', () => {
  const current = () =>
    parseGuiLog([`path=${G0}`, 'size=120', '2:[2026/11/25 08:00:00] [info] [bdbRep] get BDB event DB_EVENT_REP_STARTUPDONE'].join('\n'), {
      node: 'secondary',
      source: G0
    })
  const rotated = [
    `file=${G1}`,
    'size=9000',
    '0:#count START 1',
    '0:#count DB_PANIC 1',
    '0:#count CLIENT 1',
    '700:[2026/11/25 07:59:00] [error] [bdbRep] DB_PANIC: fatal region error detected; run database recovery',
    '701:[2026/11/25 07:59:30] [info] [guiSvrManager] guiSvrManager starting (pid 4711)',
    '705:[2026/11/25 07:59:31] [info] [bdbRep] get BDB event DB_EVENT_REP_CLIENT',
    `file=${G2}`,
    'not readable (permission denied): ' + G2
  ].join('\n')

  it('keeps each line’s own file and line, puts rotated files before guiDaemon.0, and spans "since the last start"', () => {
    const g = current()
    addRotatedGuiLogs(g, rotated, { node: 'secondary' })
    expect(g.rotated?.map((r) => [r.source, r.index, r.sizeBytes ?? r.error])).toEqual([
      [G1, 1, 9000],
      [G2, 2, `not readable (permission denied): ${G2}`]
    ])
    const start = lastStart(g.events)
    expect(start).toMatchObject({ source: G1, line: 701, rotated: 1 })
    // line 701 of guiDaemon.1 is before line 2 of guiDaemon.0
    expect(eventOrder(start!)).toBeLessThan(eventOrder(g.events.find((e) => e.source === G0)!))
    const since = eventsSinceStart(g.events).map((e) => `${e.kind}@${e.source.slice(-11)}:${e.line}`)
    expect(since).toEqual(['START@guiDaemon.1:701', 'CLIENT@guiDaemon.1:705', 'STARTUPDONE@guiDaemon.0:2'])
  })

  it('reads nothing more when guiDaemon.0 had the start (the section says so)', () => {
    const g = current()
    addRotatedGuiLogs(g, `@skip the last start is in ${G0}`, { node: 'secondary' })
    expect(g.rotated).toBeUndefined()
    expect(g.events).toHaveLength(1)
  })
})

/** The same probe output with the rotated section emptied: what an engine that does not read back sees. */
function withoutRotated(n: NodeCollection, role: 'primary' | 'secondary', pair: SimPair): NodeCollection {
  const nonce = 'replay'
  const text = Object.values(n.detail.sections)
    .map(
      (s) =>
        `@@NSMHAD-${nonce} ${s!.name} begin@@\n${s!.name === 'guilog-rotated' ? '' : s!.text}\n@@NSMHAD-${nonce} ${s!.name} end rc=${s!.rc}@@\n`
    )
    .join('')
  const p = pair[role]
  return parseProbeOutput(text, {
    role,
    host: p.host,
    port: p.port,
    paths: { nsmHome: p.nsmHome, nsmData: p.nsmData, haInit: p.haInit },
    salt: SALT,
    nonce
  })
}

function rotatedSuite(label: string, start: () => Promise<SimPair>, enabled: boolean): void {
  describe.skipIf(!enabled)(label, () => {
    let pair: SimPair
    beforeAll(async () => {
      pair = await start()
    }, 60_000)
    afterAll(async () => {
      await pair?.stop()
    })

    it('last-start-rotated: the healthy verdicts, evidence from guiDaemon.1; without reading back they go wrong', async () => {
      await pair.applyScenario('last-start-rotated')
      const c = await collectPair(pair)
      const bad = c.results.filter((r) => r.status !== 'pass' && !(r.id === 'cfg.shared-disk' && r.status === 'skipped'))
      expect(bad.map((r) => `${r.id}: ${r.status} ${r.summary}`)).toEqual([])

      // the rotated file is named where its lines decided
      for (const id of ['gui.ha-link', 'gui.addresses', 'role.assignment', 'repl.secondary-startup']) {
        const ev = c.byId(id).evidence.filter((e) => e.node === 'secondary')
        expect(
          ev.some((e) => e.source.endsWith('/GuiSvr/var/errorLog/guiDaemon.1') && e.line !== undefined),
          id
        ).toBe(true)
      }
      // guiDaemon.1 was read because guiDaemon.0 had no start; guiDaemon.2 was not needed
      const rot = c.secondary.detail.guiLog?.rotated ?? []
      expect(rot.map((r) => r.source.split('/').pop())).toEqual(['guiDaemon.1'])
      expect(c.secondary.detail.guiLog?.counts.START ?? 0).toBe(0)
      // the DB_PANIC before the last start (also in guiDaemon.1) was read and does not count
      expect(c.secondary.facts.events.some((e) => e.kind === 'DB_PANIC' && e.rotated === 1)).toBe(true)
      expect(c.byId('db.panic').status).toBe('pass')
      // "nothing since the start" says where the start was and which files were searched
      const searched = c.byId('db.panic').evidence.find((e) => e.node === 'secondary')!.excerpt
      expect(searched).toMatch(/since line \d+ of \S+\/guiDaemon\.1 .* bytes searched, and guiDaemon\.1 \(\d+ bytes\)/)

      // the same output without the rotated files: the start-up and role checks cannot decide
      const old = evaluatePair(withoutRotated(c.primary, 'primary', pair), withoutRotated(c.secondary, 'secondary', pair), {
        salt: SALT,
        now: Date.now()
      })
      const oldStatus = Object.fromEntries(old.map((r) => [r.id, r.status]))
      expect(oldStatus['role.assignment']).not.toBe('pass')
      expect(oldStatus['repl.secondary-startup']).not.toBe('pass')
    }, 120_000)

    it('healthy: guiDaemon.0 has the start, no rotated file is read', async () => {
      await pair.applyScenario('healthy')
      const c = await collectPair(pair)
      for (const n of [c.primary, c.secondary]) {
        expect(n.detail.sections['guilog-rotated']?.text).toMatch(/^@skip the last start is in \S+guiDaemon\.0/)
        expect(n.detail.guiLog?.rotated).toBeUndefined()
      }
    }, 120_000)
  })
}

rotatedSuite('rotated logs over the embedded SSH server', () => startSimPair(), true)
const sshd = requireSystem('sshd', findSshd() !== undefined, 'install openssh-server')
rotatedSuite('rotated logs over real OpenSSH sshd', () => startOpenSshPair(), sshd.available)
