/**
 * Failover readiness as a pure function of a run's check results: the verdict of every simulator scenario
 * (from the scenario oracle, written out as literals), every precondition listed with its deciding check,
 * unknown never read as ready, a missing check read as unknown, and the one-line forms.
 */
import { describe, expect, it } from 'vitest'
import { CHECK_IDS, type CheckId, type CheckStatus } from '../../src-main/shared/domain/check'
import {
  READINESS_PRECONDITIONS,
  readinessHeadline,
  readinessLine,
  readinessMetricValue,
  readinessOf,
  type ReadinessVerdict
} from '../../src-main/shared/domain/readiness'
import { expectedStatuses, SCENARIOS, type ScenarioName } from '../../src-main/shared/domain/scenario'

function checksOf(statuses: Record<CheckId, CheckStatus>) {
  return CHECK_IDS.map((id) => ({ id, status: statuses[id], summary: `${id} is ${statuses[id]}` }))
}

const VERDICTS: Record<ScenarioName, ReadinessVerdict> = {
  healthy: 'ready',
  'peer-services-down': 'not-ready',
  'ha-disabled': 'not-ready',
  'hmac-mismatch': 'not-ready',
  'heartbeat-port-mismatch': 'not-ready',
  'address-mismatch': 'not-ready',
  'rsync-missing': 'ready',
  'pingable-ip-down': 'ready',
  'rsync-user-missing': 'not-ready',
  'write-to-log-off': 'ready',
  'setuid-mismatch': 'ready',
  'ssh-trust-broken': 'not-ready',
  'dodirect-failed': 'not-ready',
  'shadow-record-missing': 'ready',
  'gui-address-mismatch': 'ready',
  'split-brain': 'not-ready',
  'secondary-not-connected': 'not-ready',
  'replication-in-progress': 'not-ready',
  'db-panic': 'not-ready',
  diverged: 'not-ready',
  'one-time-password-mismatch': 'ready',
  'clock-skew': 'not-ready',
  'disk-full': 'not-ready',
  'version-mismatch': 'not-ready',
  'ha-link-not-logged': 'ready',
  'shared-disk-mounted': 'ready',
  'shared-disk-unmounted': 'not-ready',
  'rsync-drift': 'ready',
  'last-start-rotated': 'ready'
}

describe('readinessOf', () => {
  it.each(SCENARIOS.map((s) => [s]))('%s: the verdict of the oracle statuses', (scenario) => {
    const r = readinessOf(checksOf(expectedStatuses(scenario)))
    expect(r.verdict).toBe(VERDICTS[scenario])
    expect(r.preconditions.map((p) => p.check)).toEqual(READINESS_PRECONDITIONS.map((p) => p.check))
    if (r.verdict === 'ready') expect(r.reasons).toEqual([])
    else expect(r.reasons.length).toBeGreaterThan(0)
  })

  it('names every precondition of a failover with its deciding check', () => {
    expect(READINESS_PRECONDITIONS.map((p) => p.check)).toEqual([
      'cfg.ha-enabled',
      'ha.services',
      'ha.heartbeat',
      'cfg.hmac-key',
      'ssh.trust',
      'rsync.dodirect-result',
      'repl.secondary-startup',
      'db.panic',
      'ha.db-replication',
      'sys.nsm-version',
      'sys.disk-space',
      'sys.clock-skew',
      'role.assignment',
      'cfg.shared-disk'
    ])
  })

  it('the reasons of a not-ready pair: the deciding check, its status and summary', () => {
    const r = readinessOf(checksOf(expectedStatuses('hmac-mismatch')))
    expect(r.reasons).toEqual([
      { check: 'ha.heartbeat', status: 'fail', summary: 'ha.heartbeat is fail', precondition: 'heartbeat between the nodes' },
      { check: 'cfg.hmac-key', status: 'fail', summary: 'cfg.hmac-key is fail', precondition: 'HMAC keys equal' }
    ])
    expect(readinessHeadline(r)).toBe('Failover: not ready: 2 reasons')
    expect(readinessLine(r)).toBe('Failover: not ready: 2 reasons (ha.heartbeat fail, cfg.hmac-key fail)')
    expect(readinessMetricValue(r.verdict)).toBe(0)
  })

  it('one precondition unknown (and none failing) gives unknown, never ready', () => {
    const statuses = { ...expectedStatuses('healthy'), 'sys.clock-skew': 'unknown' as const }
    const r = readinessOf(checksOf(statuses))
    expect(r.verdict).toBe('unknown')
    expect(r.reasons).toEqual([
      { check: 'sys.clock-skew', status: 'unknown', summary: 'sys.clock-skew is unknown', precondition: 'clocks within tolerance' }
    ])
    expect(readinessHeadline(r)).toBe('Failover: unknown: 1 precondition not known')
    expect(readinessMetricValue(r.verdict)).toBe(-1)
  })

  it('a skipped check that has to pass (not applicable in this run) is unknown, not met', () => {
    const r = readinessOf(checksOf({ ...expectedStatuses('healthy'), 'repl.secondary-startup': 'skipped' }))
    expect(r.verdict).toBe('unknown')
    expect(r.preconditions.find((p) => p.id === 'standby-caught-up')?.status).toBe('unknown')
  })

  it('a check missing from the run is unknown', () => {
    const r = readinessOf(checksOf(expectedStatuses('healthy')).filter((c) => c.id !== 'ssh.trust'))
    expect(r.verdict).toBe('unknown')
    expect(r.reasons).toEqual([
      { check: 'ssh.trust', status: 'unknown', summary: 'not in this run', precondition: 'SSH trust both ways (rsync user)' }
    ])
  })

  it('an unreachable node (every check unknown) is unknown; a known failure beside unknowns is not ready', () => {
    const all = Object.fromEntries(CHECK_IDS.map((id) => [id, 'unknown'])) as Record<CheckId, CheckStatus>
    expect(readinessOf(checksOf(all)).verdict).toBe('unknown')
    expect(readinessOf(checksOf({ ...all, 'cfg.hmac-key': 'fail' })).verdict).toBe('not-ready')
    expect(readinessOf([]).verdict).toBe('unknown')
  })

  it('the healthy pair is ready, and says so in one line', () => {
    const r = readinessOf(checksOf(expectedStatuses('healthy')))
    expect(readinessLine(r)).toBe('Failover: ready')
    expect(readinessMetricValue(r.verdict)).toBe(1)
    expect(r.preconditions.every((p) => p.status === 'met')).toBe(true)
  })
})
