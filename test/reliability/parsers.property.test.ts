/**
 * Property-based tests (fast-check) for every parser the diagnostics engine exports: no input crashes a
 * parser, results keep their shape, and a secret value given to the cfg / viewer parsers never comes back
 * out. The whole pipeline (probe output → collection → all checks) is fuzzed too, from the real healthy
 * fixtures with random damage, so a hostile or broken node can only give `unknown`, never an exception.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CHECK_IDS, CHECK_STATUSES } from '../../src-main/shared/domain/check'
import { DEFAULT_NSM_PATHS } from '../../src-main/shared/domain/pair'
import { parseCfg, fingerprint, isSecretKey, cfgValue, isYes } from '../../src-main/main/diagnostics/parsers/cfg'
import { parseGuiLog, classifyGuiLine, eventsSinceStart, lastStartLine, addrOf } from '../../src-main/main/diagnostics/parsers/guilog'
import { parseHaLog, isHaLogError } from '../../src-main/main/diagnostics/parsers/halog'
import { parseHaStatus, isTimedOut, firstLine } from '../../src-main/main/diagnostics/parsers/hastatus'
import {
  parseIdentity,
  keyValues,
  parseDoDirect,
  parseCountBytes,
  parseLogListing,
  parseToolVersion,
  parseVersion,
  parseDf,
  parseAddresses,
  ownerOf,
  parseViewerRecord,
  viewerField
} from '../../src-main/main/diagnostics/parsers/system'
import { parseLogTime, toIso } from '../../src-main/main/diagnostics/parsers/time'
import { parseProbeOutput, parseSections } from '../../src-main/main/diagnostics/probe'
import { sectionSources } from '../../src-main/main/diagnostics/probe-script'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import type { NodeRole } from '../../src-main/shared/domain/check'

const RUNS = Number(process.env.FC_RUNS ?? 300)
const FIXTURES = join(__dirname, '..', 'fixtures', 'probe')

/** Text that looks like what parsers read: NSM-ish tokens, separators, unicode, control bytes, long runs. */
const token = fc.oneof(
  fc.constantFrom(
    'highAvail.HMACKey',
    'highAvail.isHaEnabled',
    'guiSvr.clientOneTimePassword',
    'DB_EVENT_REP_MASTER',
    'DB_EVENT_REP_CLIENT',
    'DB_EVENT_REP_NEWMASTER',
    'DB_EVENT_REP_STARTUPDONE',
    'DB_PANIC',
    'connectionMgr connected to ha-link',
    'ourRsaPrivateKey is missing',
    'shadow_server',
    'myAddr',
    'peerAddr',
    'highAvail',
    'highAvailSvr',
    'started',
    'stopped',
    'in-sync',
    'dirty',
    'timed-out',
    'error',
    'SUCCESS',
    'FAIL',
    'path=',
    'size=',
    'success=',
    'cmd:',
    'rsync error',
    'Permission denied',
    'inet',
    '127.0.0.1/8',
    '2026/11/25 07:00:00.123',
    '2026-11-25T07:00:00',
    'Nov 25 07:00:00',
    '9999/99/99 99:99:99',
    '=',
    ':',
    ' ',
    '\t',
    '\n',
    '\r\n',
    '\r',
    '(',
    ')',
    '#',
    '\uFEFF',
    '\u0000',
    '@@NSMHAD-x ',
    'begin@@',
    ' end rc=0@@'
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: -1e12, max: 1e15 }).map(String),
  fc.nat({ max: 5000 }).map((n) => 'x'.repeat(n))
)
const text = fc.array(token, { maxLength: 60 }).map((parts) => parts.join(''))
const role = fc.constantFrom<NodeRole>('primary', 'secondary')

const noThrow = (f: () => unknown): void => {
  f()
}

describe('parsers never crash (fast-check)', () => {
  it('parseCfg: keeps shape, never returns a secret value', () => {
    fc.assert(
      fc.property(
        text,
        fc.string({ minLength: 8, maxLength: 40 }).filter((s) => /^[!-~]+$/.test(s) && !/[#;=]/.test(s)),
        (t, secret) => {
          const input = `${t}\nhighAvail.HMACKey ${secret}\n${t}`
          const f = parseCfg(input, '/x/haSvr.cfg', 'salt')
          expect(Array.isArray(f.entries)).toBe(true)
          for (const e of f.entries) {
            expect(typeof e.key).toBe('string')
            expect(e.line).toBeGreaterThan(0)
            if (isSecretKey(e.key)) expect(e.value === '' || /^sha256:[0-9a-f]{8}$/.test(e.value)).toBe(true)
          }
          // the line we planted is read, as a fingerprint
          expect(f.entries.some((e) => e.key === 'highAvail.HMACKey' && e.value === `sha256:${fingerprint(secret, 'salt')}`)).toBe(true)
          // the secret line never survives in the redacted text
          expect(f.redactedText.split('\n')).not.toContain(`highAvail.HMACKey ${secret}`)
          expect(JSON.stringify(f.entries)).not.toContain(secret)
          noThrow(() => cfgValue(f, 'highAvail.isHaEnabled'))
          noThrow(() => isYes(cfgValue(f, 'highAvail.writetoLog')))
        }
      ),
      { numRuns: RUNS }
    )
  })

  it('parseCfg: raw arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (t) => {
        const f = parseCfg(t, 'p', 's')
        expect(typeof f.redactedText).toBe('string')
      }),
      { numRuns: RUNS }
    )
  })

  it('parseGuiLog / classifyGuiLine / event helpers', () => {
    fc.assert(
      fc.property(text, role, (t, node) => {
        const facts = parseGuiLog(t, { node, source: '/g', time: { clockOffsetMs: 0, nodeNowMs: Date.now() } })
        expect(Array.isArray(facts.events)).toBe(true)
        for (const e of facts.events) {
          expect(e.node).toBe(node)
          addrOf(e)
        }
        eventsSinceStart(facts.events)
        lastStartLine(facts.events)
        for (const line of t.split('\n')) classifyGuiLine(line)
      }),
      { numRuns: RUNS }
    )
  })

  it('parseHaLog / isHaLogError', () => {
    fc.assert(
      fc.property(text, role, (t, node) => {
        const facts = parseHaLog(t, { node, source: '/h', time: {} })
        expect(facts).toBeTypeOf('object')
        for (const line of t.split('\n')) expect(typeof isHaLogError(line)).toBe('boolean')
      }),
      { numRuns: RUNS }
    )
  })

  it('parseHaStatus / isTimedOut / firstLine', () => {
    fc.assert(
      fc.property(text, fc.oneof(fc.constant(null), fc.integer({ min: -255, max: 255 })), (t, rc) => {
        const hs = parseHaStatus(t, rc)
        expect(hs.processes).toBeTypeOf('object')
        isTimedOut(hs.local)
        isTimedOut(hs.peer)
        expect(typeof firstLine(t)).toBe('string')
      }),
      { numRuns: RUNS }
    )
  })

  it('system parsers (identity, key=values, doDirect, counts, listings, versions, df, addresses, viewer)', () => {
    fc.assert(
      fc.property(text, (t) => {
        parseIdentity(t)
        keyValues(t)
        parseDoDirect(t)
        const cb = parseCountBytes(t)
        // counts read from digits: never negative, never NaN
        if (cb) for (const v of [cb.count, cb.bytes]) expect(v).toBeGreaterThanOrEqual(0)
        for (const l of parseLogListing(t)) expect(typeof l.name).toBe('string')
        parseToolVersion(t)
        parseVersion(t)
        parseDf(t)
        const addrs = parseAddresses(t, 'ip -o addr')
        ownerOf(addrs, '127.0.0.1')
        const v = parseViewerRecord(t, 'salt')
        viewerField(v.record, 'clientOneTimePassword')
      }),
      { numRuns: RUNS }
    )
  })

  it('parseViewerRecord never returns a secret field value', () => {
    fc.assert(
      fc.property(
        text,
        fc.string({ minLength: 6, maxLength: 30 }).filter((s) => /^[A-Za-z0-9+/]+$/.test(s)),
        (t, secret) => {
          const v = parseViewerRecord(`${t}\n :clientOneTimePassword (${secret})\n${t}`, 'salt')
          expect(JSON.stringify(v)).not.toContain(`(${secret})`)
          const f = viewerField(v.record, 'clientOneTimePassword')
          if (f?.secret) expect(f.value).not.toContain(secret)
        }
      ),
      { numRuns: RUNS }
    )
  })

  it('parseLogTime / toIso', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: -1e11, max: 1e11 }), (t, off) => {
        const ms = parseLogTime(t, { clockOffsetMs: off, nodeNowMs: Date.now() })
        if (ms !== undefined) {
          expect(typeof ms).toBe('number')
          toIso(ms)
        }
        toIso(undefined)
      }),
      { numRuns: RUNS }
    )
  })

  it('parseSections with arbitrary frames', () => {
    const sources = sectionSources(DEFAULT_NSM_PATHS)
    const frame = fc
      .tuple(
        fc.constantFrom(...(Object.keys(sources) as (keyof typeof sources)[]), 'bogus'),
        text,
        fc.boolean(),
        fc.integer({ min: -5, max: 300 })
      )
      .map(([name, body, end, rc]) => `@@NSMHAD-n ${name} begin@@\n${body}\n${end ? `@@NSMHAD-n ${name} end rc=${rc}@@\n` : ''}`)
    fc.assert(
      fc.property(fc.array(fc.oneof(frame, text), { maxLength: 12 }), (parts) => {
        const m = parseSections(parts.join(''), 'n', sources)
        for (const s of m.values()) expect(typeof s.text).toBe('string')
      }),
      { numRuns: RUNS }
    )
  })
})

/** Damage the real probe output of a healthy node in random ways. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), what: text }),
  fc.record({ kind: fc.constant('deleteLines' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), n: fc.nat({ max: 20 }) }),
  fc.record({ kind: fc.constant('replaceLine' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), what: text }),
  fc.record({
    kind: fc.constant('longLine' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    n: fc.integer({ min: 1000, max: 100_000 })
  })
)

function mutate(out: string, muts: Array<Record<string, unknown>>): string {
  let s = out
  for (const m of muts) {
    const lines = s.split('\n')
    const i = Math.floor((m.at as number) * lines.length)
    switch (m.kind) {
      case 'truncate':
        s = s.slice(0, Math.floor((m.at as number) * s.length))
        break
      case 'insert':
        lines.splice(i, 0, m.what as string)
        s = lines.join('\n')
        break
      case 'deleteLines':
        lines.splice(i, m.n as number)
        s = lines.join('\n')
        break
      case 'replaceLine':
        lines[i] = m.what as string
        s = lines.join('\n')
        break
      case 'longLine':
        lines.splice(i, 0, '\u0001\u00ff'.repeat((m.n as number) / 2))
        s = lines.join('\n')
        break
    }
  }
  return s
}

describe('whole pipeline on damaged probe output', () => {
  const base = {
    primary: readFileSync(join(FIXTURES, 'healthy-primary.out'), 'utf8'),
    secondary: readFileSync(join(FIXTURES, 'healthy-secondary.out'), 'utf8')
  }
  const collect = (r: NodeRole, out: string) =>
    parseProbeOutput(out, {
      role: r,
      host: r === 'primary' ? '127.0.0.11' : '127.0.0.12',
      port: 22,
      paths: DEFAULT_NSM_PATHS,
      salt: 'salt',
      nonce: 'fixture',
      localMidMs: 1795591000_500,
      hostKeySha256: 'SHA256:fixture'
    })

  it('parseProbeOutput + evaluatePair give every check a valid status, never throw, never leak the HMAC key', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 6 }), fc.array(mutation, { maxLength: 6 }), (mp, ms) => {
        const p = collect('primary', mutate(base.primary, mp))
        const s = collect('secondary', mutate(base.secondary, ms))
        const results = evaluatePair(p, s, { salt: 'salt', now: 1795591000_000 } as never)
        expect(results.map((r) => r.id)).toEqual([...CHECK_IDS])
        for (const r of results) {
          expect(CHECK_STATUSES).toContain(r.status)
          expect(r.summary.length).toBeGreaterThan(0)
        }
        const json = JSON.stringify({ results, p: p.facts, s: s.facts })
        expect(json).not.toContain('0123456789abcdef0123456789abcdef')
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 3)) }
    )
  })
})
