/**
 * No string escapes shQuote when run by a real /bin/sh: random strings, biased towards shell
 * metacharacters and injection payloads that would create a canary file, are quoted and handed to
 * `sh -c 'printf %s <quoted>'` (and inside a nested `sh -c`, as the probe and fixes do). The canary file
 * must never appear and the printed bytes must be the input exactly.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { shJoin, shQuote } from '../../src-main/main/shell/quote'

const dir = mkdtempSync(join(tmpdir(), 'nsmhad-quote-'))
const canary = join(dir, 'canary')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const payloads = [
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `; touch ${canary}`,
  `&& touch ${canary}`,
  `| touch ${canary}`,
  `\ntouch ${canary}\n`,
  `'; touch ${canary}; '`,
  `"; touch ${canary}; "`,
  `'"'"'$(touch ${canary})'"'"'`,
  `\\'; touch ${canary} #`,
  `$((1))\${IFS}`,
  `>${canary}`,
  `<${canary}`,
  `*`,
  `~root`,
  `{a,b}`,
  `!!`,
  `%s%n`,
  `-n`,
  `--`,
  `$'\\x27'`
]
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...payloads) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "'",
      '"',
      '\\',
      '$',
      '`',
      ';',
      '&',
      '|',
      '\n',
      '\t',
      ' ',
      '#',
      '(',
      ')',
      '{',
      '}',
      '*',
      '?',
      '[',
      ']',
      '~',
      '!',
      '<',
      '>',
      '=',
      '%'
    )
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }
)
/** NUL cannot be in a shell argument at all (shQuote refuses it); leave it to the dedicated test. */
const hostile = fc.array(piece, { maxLength: 12 }).map((p) => p.join('').replace(/\0/g, ''))

function runSh(script: string): Buffer {
  return execFileSync('/bin/sh', ['-c', script], { timeout: 10_000 })
}

describe('shQuote against a real /bin/sh', () => {
  it('quoted strings print back byte for byte and execute nothing', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = runSh(`printf '%s' ${shQuote(s)}`)
        expect(out.equals(Buffer.from(s, 'utf8'))).toBe(true)
        expect(existsSync(canary)).toBe(false)
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 100) }
    )
  })

  it('survives one more level: sh -c <quoted script containing quoted args>', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const inner = `printf '%s\\n' ${shJoin([a, b])}`
        const out = runSh(`sh -c ${shQuote(inner)}`)
        expect(out.equals(Buffer.from(`${a}\n${b}\n`, 'utf8'))).toBe(true)
        expect(existsSync(canary)).toBe(false)
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 50) }
    )
  })

  it('each known payload alone', () => {
    for (const p of payloads) {
      expect(runSh(`printf '%s' ${shQuote(p)}`).toString('utf8')).toBe(p)
    }
    expect(existsSync(canary)).toBe(false)
    // and the canary really would appear unquoted (the test can fail)
    runSh(`printf '%s' ${payloads[0]}`)
    expect(existsSync(canary)).toBe(true)
    rmSync(canary)
  })

  it('refuses a NUL byte rather than truncating silently', () => {
    expect(() => shQuote('a\0b')).toThrow(/NUL/)
  })

  it('no stray files were created in the working directory by globbing or redirection', () => {
    expect(readdirSync(dir)).toEqual([])
  })
})
