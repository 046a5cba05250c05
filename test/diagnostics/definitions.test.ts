/** Check definitions: what each check reads is declared in its definition, and the engine holds it to that. */
import { describe, expect, it } from 'vitest'
import { CHECK_IDS } from '../../src-main/shared/domain/check'
import { CHECK_DEFINITIONS } from '../../src-main/main/diagnostics/checks/index'
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
})
