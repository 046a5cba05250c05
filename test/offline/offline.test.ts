/**
 * Offline analysis: the probe printed by probe-script (the engine's own script behind a header line), run on
 * each simulated node as a file is run by an admin (`sh` reading it), then analysed from the two outputs. The
 * same node outputs give the same status for every check that does not need this machine, in several
 * scenarios; the client checks say `skipped` "collected offline"; and every kind of wrong file gets a one-line
 * reason (not a probe output, the script itself, another probe version, cut short, the wrong role, too large).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import type { ScenarioName } from '../../src-main/shared/domain/scenario'
import { evaluatePair } from '../../src-main/main/diagnostics'
import { buildProbeScript } from '../../src-main/main/diagnostics/probe-script'
import {
  analyseCollected,
  CLIENT_CHECKS,
  COLLECTED_MAX_BYTES,
  isCollectedOffline,
  offlineProbeScript,
  parseCollected,
  probeVersion
} from '../../src-main/main/offline/collected'
import { collectOverSsh, memoryHostKeys } from '../diagnostics/collect-over-ssh'
import { collectByHand } from './collect-by-hand'

let sim: SimPair
let dir: string
const hostKeys = memoryHostKeys()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nsmhad-offline-'))
  sim = await startSimPair({ scenario: 'healthy' })
}, 120_000)
afterAll(async () => {
  await sim?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const pathsOf = (role: 'primary' | 'secondary') => ({ nsmHome: sim[role].nsmHome, nsmData: sim[role].nsmData, haInit: sim[role].haInit })

const byHand = (role: 'primary' | 'secondary'): Promise<Uint8Array> => collectByHand(sim, role, dir, hostKeys)

describe('live and offline give the same statuses', () => {
  it.each(['healthy', 'hmac-mismatch', 'replication-in-progress', 'db-panic', 'ssh-trust-broken'] as ScenarioName[])(
    '%s',
    async (scenario) => {
      await sim.applyScenario(scenario)
      const salt = randomBytes(8).toString('hex')
      const [lp, ls] = [
        await collectOverSsh(sim, 'primary', hostKeys, { salt }),
        await collectOverSsh(sim, 'secondary', hostKeys, { salt })
      ]
      const live = evaluatePair(lp, ls, { salt, now: Date.now() })
      const report = analyseCollected({
        primary: { name: 'primary.txt', bytes: await byHand('primary') },
        secondary: { name: 'secondary.txt', bytes: await byHand('secondary') }
      })
      expect(isCollectedOffline(report)).toBe(true)
      const offline = new Map(report.checks.map((c) => [c.id, c]))
      for (const c of live) {
        if (CLIENT_CHECKS.includes(c.id)) {
          expect(offline.get(c.id)?.status, c.id).toBe('skipped')
          expect(offline.get(c.id)?.summary, c.id).toMatch(/^collected offline/)
        } else
          expect(`${c.id} ${offline.get(c.id)?.status}: ${offline.get(c.id)?.summary}`).toBe(
            `${c.id} ${c.status}: ${offline.get(c.id)?.summary}`
          )
      }
      expect(report.checks).toHaveLength(live.length)
      // the node as it answers a live run: its host name and login user, by hand too
      expect(report.nodes.primary.host).toBe('nsm-primary')
      expect(lp.facts.hostname).toBe('nsm-primary')
      expect(report.nodes.secondary.loginUser).toBe(ls.facts.loginUser)
      expect(report.nodes.primary.collected?.sha256).toMatch(/^[0-9a-f]{64}$/)
      // node data is data: the secrets in the collected configs are fingerprinted, never kept
      const text = JSON.stringify(report)
      for (const secret of [sim.secrets.hmacKey, sim.secrets.oneTimePassword]) expect(text).not.toContain(secret)
    },
    120_000
  )
})

describe('the printed probe', () => {
  it('is the engine script exactly, behind a header line that names version, role and paths', () => {
    const paths = { nsmHome: '/opt/nsm home', nsmData: '/var/nsm', haInit: '/etc/init.d/haSvr' }
    const text = offlineProbeScript({ role: 'secondary', paths, nonce: 'abcd1234' })
    expect(text).toContain(buildProbeScript({ role: 'secondary', paths, nonce: 'abcd1234' }))
    expect(text.startsWith('#!/bin/sh\n')).toBe(true)
    expect(text).toMatch(new RegExp(`printf '%s\\\\n' '@@NSMHAD-OFFLINE probe=${probeVersion()} role=secondary nonce=abcd1234 `))
  })
})

describe('a wrong file gets a one-line reason', () => {
  let good: Uint8Array
  beforeAll(async () => {
    await sim.applyScenario('healthy')
    good = await byHand('primary')
  }, 120_000)
  const text = () => Buffer.from(good).toString('utf8')
  const parse = (s: string | Uint8Array, role: 'primary' | 'secondary' = 'primary') =>
    parseCollected({ name: 'a.txt', bytes: typeof s === 'string' ? Buffer.from(s) : s }, role)
  const oneLine = (fn: () => unknown): string => {
    try {
      fn()
    } catch (err) {
      const m = (err as Error).message
      expect(m).not.toContain('\n')
      return m
    }
    throw new Error('accepted')
  }

  it('accepts the real output', () => expect(parse(good).role).toBe('primary'))
  it('accepts it after a trip through a Windows mail client (CRLF line ends): the same sections', () => {
    const crlf = parse(text().replace(/\n/g, '\r\n'))
    expect(crlf.stdout).toBe(parse(good).stdout)
  })
  it('not a probe output', () =>
    expect(oneLine(() => parse('hello\nworld\n'))).toBe(
      'primary file a.txt: not a probe output (no NSM HA Doctor header on its first line)'
    ))
  it('empty', () => expect(oneLine(() => parse(''))).toBe('primary file a.txt: empty, not a probe output'))
  it('the script instead of its output', () =>
    expect(oneLine(() => parse(offlineProbeScript({ role: 'primary', paths: pathsOf('primary') })))).toMatch(
      /this is the probe script itself/
    ))
  it('another probe version', () =>
    expect(oneLine(() => parse(text().replace(`probe=${probeVersion()}`, 'probe=0123456789ab')))).toMatch(
      /^primary file a\.txt: collected by another probe version \(0123456789ab; this version runs [0-9a-f]{12}\)/
    ))
  it('cut short', () =>
    expect(oneLine(() => parse(text().slice(0, Math.floor(text().length / 2))))).toMatch(
      /^primary file a\.txt: cut short after \d+ sections/
    ))
  it('the wrong role', () =>
    expect(oneLine(() => parse(good, 'secondary'))).toBe("secondary file a.txt: collected with the primary's probe, given as secondary="))
  it('too large', () => expect(oneLine(() => parse(new Uint8Array(COLLECTED_MAX_BYTES + 1)))).toMatch(/more than a probe sends/))
})
