/** shQuote'd strings round-trip through a real /bin/sh unchanged (printf '%s' …), for any string without NUL. */
import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { shJoin, shQuote } from '../../src-main/main/shell/quote'

/** One sh per batch: print each quoted argument followed by a NUL, split the bytes back. */
function roundTrip(values: string[]): string[] {
  const script = values.map((v) => `printf '%s\\0' ${shQuote(v)}`).join('\n')
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'buffer', env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' } })
  const parts = out.toString('utf8').split('\0')
  parts.pop()
  return parts
}

/** no NUL (a C string cannot hold one) and well-formed UTF-16 (lone surrogates cannot be encoded to bytes) */
const noNul = (s: string) => !s.includes('\0') && (s as string & { isWellFormed(): boolean }).isWellFormed()
const shellish = fc.constantFrom(...`'"\`$\\!;&|<>(){}[]*?~#=% \t\n\r-.:/@,+^`.split(''))
const arbitrary = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: fc.oneof(shellish, fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 })), maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 40 })
  )
  .filter(noNul)

describe('shQuote', () => {
  test('any string round-trips through /bin/sh unchanged', () => {
    fc.assert(
      fc.property(fc.array(arbitrary, { minLength: 1, maxLength: 25 }), (values) => {
        expect(roundTrip(values)).toEqual(values)
      }),
      { numRuns: 150 }
    )
  })

  test('a whole argument list survives shJoin as separate words', () => {
    fc.assert(
      fc.property(fc.array(arbitrary, { minLength: 1, maxLength: 8 }), (values) => {
        const out = execFileSync('/bin/sh', ['-c', `for a in ${shJoin(values)}; do printf '%s\\0' "$a"; done`], {
          encoding: 'utf8',
          env: { PATH: '/usr/bin:/bin' }
        })
        const parts = out.split('\0')
        parts.pop()
        expect(parts).toEqual(values)
      }),
      { numRuns: 100 }
    )
  })

  test('NUL is refused', () => {
    expect(() => shQuote('a\0b')).toThrow(/NUL/)
  })
})
