/** Check definitions: what each check reads is declared in its definition, and the engine holds it to that. */
import { describe, expect, it } from 'vitest'
import { CHECK_IDS } from '../../src-main/shared/domain/check'
import { CHECK_DEFINITIONS, decide } from '../../src-main/main/diagnostics/checks/index'
import { part, runCheck, type CheckDef } from '../../src-main/main/diagnostics/checks/common'
import { SECTION_NAMES, type NodeCollection } from '../../src-main/main/diagnostics/types'
import { CTX, loadNode } from './helpers'

const cut = (n: NodeCollection, ...lost: NodeCollection['detail']['unreadable']): NodeCollection => ({
  ...n,
  detail: { ...n.detail, unreadable: [...n.detail.unreadable, ...lost] }
})

describe('check definitions', () => {
  it('every check of the catalog has a definition whose needs are probe sections', () => {
    expect(Object.keys(CHECK_DEFINITIONS).sort()).toEqual([...CHECK_IDS].sort())
    for (const id of CHECK_IDS) for (const s of CHECK_DEFINITIONS[id].needs) expect(SECTION_NAMES, `${id} needs ${s}`).toContain(s)
  })

  it('a per-node check is unknown for the node that lacks a needed section, decided on the other', () => {
    let seen = 0
    const def: CheckDef = { needs: ['df'], node: (n) => (seen++, part('pass', `${n.facts.role} fine`)) }
    const p = runCheck(def, loadNode('primary'), cut(loadNode('secondary'), 'df'), CTX)
    expect(p.status).toBe('unknown')
    expect(p.summary).toMatch(/secondary: probe output for df not received/)
    expect(seen).toBe(1)
  })

  it('a pair check with requireAll is not run when either node lacks a needed section', () => {
    let ran = false
    const def: CheckDef = { needs: ['xdb-data'], requireAll: true, run: () => ((ran = true), part('pass', 'fine')) }
    expect(runCheck(def, cut(loadNode('primary'), 'xdb-data'), loadNode('secondary'), CTX).status).toBe('unknown')
    expect(ran).toBe(false)
    expect(runCheck(def, loadNode('primary'), loadNode('secondary'), CTX).status).toBe('pass')
  })

  it('reading a section the definition does not declare is an error', () => {
    const def: CheckDef = { needs: ['df'], run: (pair) => pair.missing(pair.primary, 'guilog') ?? part('pass', 'fine') }
    expect(() => runCheck(def, loadNode('primary'), loadNode('secondary'), CTX)).toThrow(/guilog without declaring it/)
  })

  it('the engine refuses a verdict over nothing: pass, fail or warn without evidence becomes unknown "nothing to decide on"', () => {
    for (const status of ['pass', 'fail', 'warn'] as const) {
      const def: CheckDef = { needs: ['guilog'], run: () => part(status, `secondary never reached the primary (${status})`) }
      const p = decide('repl.secondary-startup', def, loadNode('primary'), loadNode('secondary'), CTX)
      expect(p.status, status).toBe('unknown')
      expect(p.summary).toBe(
        `nothing to decide on: the check gave "${status}" without evidence (secondary never reached the primary (${status}))`
      )
      expect(p.evidence.map((e) => e.excerpt)).toEqual([
        'read, but nothing the check could decide on',
        'read, but nothing the check could decide on'
      ])
    }
    // a verdict that cites what it read stands; unknown and skipped without evidence keep their status
    const cited: CheckDef = {
      needs: ['guilog'],
      run: (pair) =>
        part('fail', 'no NEWMASTER', [{ node: 'secondary', source: pair.secondary.detail.guiLog!.source, excerpt: 'searched' }])
    }
    expect(decide('repl.secondary-startup', cited, loadNode('primary'), loadNode('secondary'), CTX).status).toBe('fail')
    for (const status of ['unknown', 'skipped'] as const)
      expect(
        decide(
          'repl.secondary-startup',
          { needs: ['guilog'], run: () => part(status, 'x') },
          loadNode('primary'),
          loadNode('secondary'),
          CTX
        ).status
      ).toBe(status)
  })
})
