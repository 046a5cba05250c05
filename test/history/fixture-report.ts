/**
 * Run reports built by the real engine (parseProbeOutput + evaluatePair) from the probe fixtures, with
 * distinctive secret values planted in the raw inputs (configs, the DB viewer record, a log line), so
 * the store tests can prove none of them reaches SQLite, exports, bundles or logs.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseProbeOutput } from '../../src-main/main/diagnostics/probe'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import { countStatuses, STATUS_SEVERITY, type CheckStatus, type NodeRole } from '../../src-main/shared/domain/check'
import { DEFAULT_NSM_PATHS } from '../../src-main/shared/domain/pair'
import type { PairSummary, RunReport } from '../../src-main/main/../shared/domain/run'

export const SECRETS = {
  hmac: 'Hm4cK3y7f3a9c2e1d0bQ',
  otp: 'Otp9Zq8Wv3NxLk',
  otpOther: 'Otp2Yy7Rr5PpMm',
  rsa: 'MIIEsecretRsaKeyZX81',
  sudo: 'Sud0-Pw-Qx4721'
} as const

const FIXTURES = join(__dirname, '..', 'fixtures', 'probe')
const FIXTURE_NOW_S = 1795591000
export const SALT = 'pair-salt-for-tests'

export interface ReportOptions {
  pair?: Partial<PairSummary>
  startedAt?: string
  /** the secondary's one-time password differs (gui.one-time-password fails) */
  otpMismatch?: boolean
  /** extra bytes in the secondary's xdb/data (facts change) */
  xdbBytes?: number
  /** the secondary's NSM version line */
  version?: string
}

/** The raw probe output a node sends, secrets planted (what the engine parses). */
export function probeOutput(role: NodeRole, o: ReportOptions = {}): string {
  let out = readFileSync(join(FIXTURES, `healthy-${role}.out`), 'utf8')
  const otp = role === 'secondary' && o.otpMismatch ? SECRETS.otpOther : SECRETS.otp
  out = out
    .replace(/highAvail\.HMACKey .*/g, `highAvail.HMACKey ${SECRETS.hmac}`)
    .replace(/guiSvr\.clientOneTimePassword .*/g, `guiSvr.clientOneTimePassword ${otp}`)
    .replace(/guiSvr\.ourRsaPrivateKey .*/g, `guiSvr.ourRsaPrivateKey ${SECRETS.rsa}`)
    .replace(/:clientOneTimePassword \(netscreen\)/g, `:clientOneTimePassword (${SECRETS.otp})`)
    // a log line that leaks a secret in key=value form (the engine keeps log lines as events/evidence)
    .replace(
      /(2:\[2026\/11\/25 06:29:50\] INFO {2}cmd: [^\n]*)/,
      `$1\n3:[2026/11/25 06:29:50] WARN  debug guiSvr.clientOneTimePassword=${SECRETS.otp} highAvail.HMACKey=${SECRETS.hmac}`
    )
  if (role === 'secondary' && o.xdbBytes !== undefined) {
    out = out.replace(/(@@NSMHAD-fixture xdb-data begin@@\n)\d+ \d+/, `$1 12 ${o.xdbBytes}`.replace('\n 12', '\n12'))
  }
  return out
}

/** A full RunReport as the orchestrator would produce it (state completed). */
export function reportWithSecrets(o: ReportOptions = {}): RunReport {
  const nodes = (['primary', 'secondary'] as const).map((role) =>
    parseProbeOutput(probeOutput(role, o), {
      role,
      host: role === 'primary' ? '127.0.0.11' : '127.0.0.12',
      port: 22,
      paths: DEFAULT_NSM_PATHS,
      salt: SALT,
      nonce: 'fixture',
      localMidMs: FIXTURE_NOW_S * 1000 + 500,
      hostKeySha256: `SHA256:fixture-${role}`
    })
  )
  const checks = evaluatePair(nodes[0], nodes[1], { salt: SALT, now: FIXTURE_NOW_S * 1000 })
  const summary = countStatuses(checks)
  const verdict = checks.reduce<CheckStatus>((w, c) => (STATUS_SEVERITY[c.status] > STATUS_SEVERITY[w] ? c.status : w), 'skipped')
  const startedAt = o.startedAt ?? '2026-11-25T06:31:00.000Z'
  return {
    schema: 1,
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 4200).toISOString(),
    state: 'completed',
    by: 'admin@workstation',
    pair: {
      name: 'lab pair',
      primary: { host: '127.0.0.11', port: 22, user: 'root' },
      secondary: { host: '127.0.0.12', port: 22, user: 'root' },
      paths: DEFAULT_NSM_PATHS,
      ...o.pair
    },
    nodes: { primary: nodes[0].facts, secondary: nodes[1].facts },
    checks,
    summary,
    verdict
  }
}

/** Every planted secret value (for scans). */
export function secretValues(): string[] {
  return Object.values(SECRETS)
}
