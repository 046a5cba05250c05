/**
 * The Prometheus renderer and the exit-code rules on their own: label values with quotes, backslashes
 * and newlines survive a real parser; a pair without a report is status 3 with run_error 1; skipped is
 * -1; the worst of many exit codes puts fail above unknown.
 */
import { describe, expect, it } from 'vitest'
import { renderPrometheus } from '../../src-main/main/metrics/prometheus'
import { reportExitCode, worstExitCode } from '../../src-main/main/metrics/exit-code'
import { reportWithSecrets } from '../history/fixture-report'
import { parseExposition } from './fleet-helpers'

describe('Prometheus renderer', () => {
  it('escapes label values and keeps each family together, for a real parser', () => {
    const report = reportWithSecrets({ otpMismatch: true })
    const odd = 'rack "4"\\east\nrow 2'
    const text = renderPrometheus([
      { pair: odd, report },
      { pair: 'never', error: 'no keychain: pass the password with --password-env VAR' },
      { pair: 'plain', report: reportWithSecrets() }
    ])
    const samples = parseExposition(text)
    const of = (name: string, pair: string, check?: string): number | undefined =>
      samples.find((s) => s.name === name && s.labels.pair === pair && (check === undefined || s.labels.check === check))?.value
    expect(of('nsm_ha_pair_status', odd)).toBe(2)
    expect(of('nsm_ha_check_status', odd, 'gui.one-time-password')).toBe(2)
    expect(of('nsm_ha_check_status', odd, 'cfg.shared-disk')).toBe(-1)
    expect(of('nsm_ha_pair_status', 'never')).toBe(3)
    expect(of('nsm_ha_run_error', 'never')).toBe(1)
    expect(of('nsm_ha_run_error', 'plain')).toBe(0)
    expect(of('nsm_ha_check_status', 'never', 'cfg.hmac-key')).toBeUndefined()
    expect(of('nsm_ha_replication_bytes', 'plain')).toBe(report.nodes.primary.xdb?.dataBytes)
    expect(of('nsm_ha_run_duration_seconds', 'plain')).toBe(4.2)
    expect(samples.every((s) => s.name.startsWith('nsm_ha_') && typeof s.labels.pair === 'string')).toBe(true)
    expect(renderPrometheus([])).toBe('')
  })

  it('exit codes: a run, and the worst of many (fail > unknown > warn > pass)', () => {
    const ok = reportWithSecrets()
    expect(reportExitCode(ok)).toBe(0)
    expect(reportExitCode({ ...ok, state: 'cancelled' })).toBe(3)
    expect(reportExitCode({ ...ok, nodes: { ...ok.nodes, secondary: { ...ok.nodes.secondary, reachable: false } } })).toBe(3)
    expect(reportExitCode(reportWithSecrets({ otpMismatch: true }))).toBe(2)
    expect(worstExitCode([0, 1, 0])).toBe(1)
    expect(worstExitCode([1, 3, 0])).toBe(3)
    expect(worstExitCode([3, 2, 1])).toBe(2)
    expect(worstExitCode([])).toBe(3)
  })
})
