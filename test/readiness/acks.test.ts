/**
 * Acknowledgements in SQLite (migration 0008): add with reason and expiry (at most 30 days), replace, remove,
 * and the three ends by themselves — expiry (dated at the expiry), the check passing, its summary changing —
 * each kept with who, when and why; a run older than the acknowledgement settles nothing; the marks on a
 * report and the counts of --honour-acks.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/main/db/database'
import { AckRepo } from '../../src-main/main/db/ack-repo'
import { countHonouringAcks, markAcknowledged, parseAckDuration, verdictWithAcks } from '../../src-main/shared/domain/ack'
import type { CheckResult } from '../../src-main/shared/domain/check'
import { useTempDir } from '../db/temp'
import { alertReports } from '../../src-main/main/acks/ack-service'
import type { RunReport } from '../../src-main/shared/domain/run'

const tempDir = useTempDir('nsmhad-acks-')
const T0 = Date.parse('2026-03-01T10:00:00.000Z')
const H = 3600_000
const fail = (summary = 'HMAC keys differ: primary sha256:aa, secondary sha256:bb') =>
  ({ id: 'cfg.hmac-key', status: 'fail', summary }) as const

function repo(): AckRepo {
  return new AckRepo(openDatabase(join(tempDir(), 'db.sqlite')))
}

describe('parseAckDuration', () => {
  it('days and hours, at most 30 days; anything else is refused in one line', () => {
    expect(parseAckDuration('7d')).toBe(7 * 24 * H)
    expect(parseAckDuration('12h')).toBe(12 * H)
    expect(parseAckDuration('30d')).toBe(30 * 24 * H)
    expect(() => parseAckDuration('31d')).toThrow('an acknowledgement lasts at most 30 days (got 31d)')
    expect(() => parseAckDuration('720h1m')).toThrow(/at most 30 days/)
    for (const bad of ['', '7', 'd', '0h', '-1d', '1w', '7 d'])
      expect(() => parseAckDuration(bad), bad).toThrow(/^(duration .* not understood|the duration must be more than zero)/)
  })
})

describe('AckRepo', () => {
  it('add: only a failing, warning or unknown result, with a reason; again on the same check replaces it', () => {
    const acks = repo()
    expect(() => acks.add({ pairName: 'p', result: { ...fail(), status: 'pass' }, reason: 'x', durationMs: H, by: 'a', now: T0 })).toThrow(
      /only a failing, warning or unknown check can be acknowledged/
    )
    expect(() => acks.add({ pairName: 'p', result: fail(), reason: '  ', durationMs: H, by: 'a', now: T0 })).toThrow('a reason is required')
    expect(() => acks.add({ pairName: 'p', result: fail(), reason: 'x', durationMs: 31 * 24 * H, by: 'a', now: T0 })).toThrow(
      /at most 30 days/
    )
    const a = acks.add({ pairName: 'p', result: fail(), reason: 'change\x1b[31m 1\n2', durationMs: 24 * H, by: 'alice@desk', now: T0 })
    expect(a).toMatchObject({ pairName: 'p', checkId: 'cfg.hmac-key', status: 'fail', by: 'alice@desk', reason: 'change [31m 1 2' })
    expect(a.expiresAt).toBe('2026-03-02T10:00:00.000Z')
    const b = acks.add({ pairName: 'p', result: fail(), reason: 'again', durationMs: H, by: 'bob@desk', now: T0 + H })
    expect(acks.active('p', T0 + H).map((x) => x.id)).toEqual([b.id])
    expect(acks.history('p').find((x) => x.id === a.id)?.ended).toMatchObject({ reason: 'replaced', by: 'bob@desk' })
  })

  it('ends on expiry, dated at the expiry, noticed on the next read', () => {
    const acks = repo()
    const a = acks.add({ pairName: 'p', result: fail(), reason: 'x', durationMs: 2 * H, by: 'a', now: T0 })
    expect(acks.active('p', T0 + 2 * H - 1)).toHaveLength(1)
    expect(acks.active('p', T0 + 5 * H)).toEqual([])
    expect(acks.history('p')[0]).toMatchObject({ id: a.id, ended: { reason: 'expired', at: '2026-03-01T12:00:00.000Z', by: 'expiry' } })
  })

  it('ends when the check passes or its summary changes; a run older than the acknowledgement settles nothing', () => {
    const acks = repo()
    acks.add({ pairName: 'p', result: fail(), reason: 'x', durationMs: 24 * H, by: 'a', now: T0 })
    const before = new Date(T0 - H).toISOString()
    const after = new Date(T0 + H).toISOString()
    expect(acks.reconcile('p', { startedAt: before, checks: [{ ...fail(), status: 'pass' }] }, T0 + H)).toEqual([])
    expect(acks.reconcile('p', { startedAt: after, checks: [fail()] }, T0 + H)).toEqual([])
    const changed = acks.reconcile('p', { startedAt: after, checks: [fail('HMAC key missing on the secondary')] }, T0 + H)
    expect(changed.map((x) => x.ended?.reason)).toEqual(['summary-changed'])
    expect(changed[0].ended?.note).toBe('fail: HMAC key missing on the secondary')

    acks.add({ pairName: 'p', result: fail(), reason: 'y', durationMs: 24 * H, by: 'a', now: T0 + 2 * H })
    const passed = acks.reconcile(
      'p',
      { startedAt: new Date(T0 + 3 * H).toISOString(), checks: [{ ...fail('ok'), status: 'pass' }] },
      T0 + 3 * H
    )
    expect(passed.map((x) => x.ended?.reason)).toEqual(['passed'])
    expect(acks.active('p', T0 + 3 * H)).toEqual([])
    expect(acks.history('p')).toHaveLength(2)
  })

  it('remove by hand: audited with who; nothing open is undefined', () => {
    const acks = repo()
    acks.add({ pairName: 'p', result: fail(), reason: 'x', durationMs: H, by: 'a', now: T0 })
    expect(acks.remove('p', 'cfg.hmac-key', 'carol@desk', T0 + 1)?.ended).toMatchObject({ reason: 'removed', by: 'carol@desk' })
    expect(acks.remove('p', 'cfg.hmac-key', 'carol@desk', T0 + 2)).toBeUndefined()
  })
})

describe('marks and counts', () => {
  const checks = [
    { id: 'cfg.hmac-key', status: 'fail', summary: 's1' },
    { id: 'ha.heartbeat', status: 'fail', summary: 's2' },
    { id: 'ssh.trust', status: 'pass', summary: 's3' }
  ] as Pick<CheckResult, 'id' | 'status' | 'summary' | 'acknowledged'>[]
  const ack = {
    id: 1,
    pairName: 'p',
    checkId: 'cfg.hmac-key',
    status: 'fail',
    summary: 's1',
    reason: 'r',
    by: 'a',
    at: 'x',
    expiresAt: 'y'
  } as const

  it('marks only a result with the same check and summary', () => {
    const marked = markAcknowledged(checks, [ack])
    expect(marked.map((c) => c.acknowledged?.reason)).toEqual(['r', undefined, undefined])
    expect(markAcknowledged(checks, [{ ...ack, summary: 'other' }]).some((c) => c.acknowledged)).toBe(false)
  })

  it('--honour-acks counts leave the acknowledged results out; the fleet says "fail (1 acknowledged)"', () => {
    const marked = markAcknowledged(checks, [ack])
    expect(countHonouringAcks(marked)).toEqual({ pass: 1, warn: 0, fail: 1, unknown: 0, skipped: 0 })
    expect(verdictWithAcks('fail', 1)).toBe('fail (1 acknowledged)')
    expect(verdictWithAcks('fail', 0)).toBe('fail')
  })
})

describe('verdict-change notifications leave acknowledged results out', () => {
  const run = (startedAt: number, checks: Pick<CheckResult, 'id' | 'status' | 'summary'>[]) =>
    ({ startedAt: new Date(startedAt).toISOString(), pair: { name: 'p' }, checks, verdict: 'fail' }) as unknown as RunReport
  const hb = { id: 'ha.heartbeat', status: 'pass', summary: 'ok' } as const

  it('an acknowledged failure that stays the same does not change the verdict; a new warning does; a different failure does', () => {
    const acks = repo()
    const previous = run(T0, [fail(), hb])
    acks.add({ pairName: 'p', result: fail(), reason: 'x', durationMs: 24 * H, by: 'a', now: T0 + H })
    const same = run(T0 + 2 * H, [fail(), hb])
    acks.reconcile('p', same, T0 + 2 * H)
    const a = alertReports(acks, same, previous, T0 + 2 * H)
    expect([a.previous?.verdict, a.report.verdict]).toEqual(['pass', 'pass'])

    const warn = run(T0 + 3 * H, [fail(), { ...hb, status: 'warn' }])
    acks.reconcile('p', warn, T0 + 3 * H)
    const b = alertReports(acks, warn, same, T0 + 3 * H)
    expect([b.previous?.verdict, b.report.verdict]).toEqual(['pass', 'warn'])

    const other = run(T0 + 4 * H, [fail('HMAC key missing on the secondary'), hb])
    acks.reconcile('p', other, T0 + 4 * H)
    const c = alertReports(acks, other, same, T0 + 4 * H)
    expect([c.previous?.verdict, c.report.verdict]).toEqual(['pass', 'fail'])
  })
})
