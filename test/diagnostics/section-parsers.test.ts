import { describe, expect, it } from 'vitest'
import { SECTION_PARSERS } from '../../src-main/main/diagnostics/probe-sections'
import { SECTION_NAMES } from '../../src-main/main/diagnostics/types'

describe('the table of section parsers', () => {
  it('reads every section the probe sends, each in exactly one parser', () => {
    const read = SECTION_PARSERS.flatMap((p) => p.sections)
    expect([...read].sort()).toEqual([...SECTION_NAMES].sort())
  })

  it('runs identity first (log times are placed with the node clock it gives)', () => {
    expect(SECTION_PARSERS[0].sections).toEqual(['identity'])
  })
})
