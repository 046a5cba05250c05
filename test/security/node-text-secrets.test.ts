/**
 * Attack: a node whose output we do not recognise prints secrets in shapes the key-word masking missed
 * (`HMAC key: <key>`, `admin passwd=<pw>`, `HMAC_Key=…`, `hmacKeyOld …`, `pwd: …`, a PEM private key, a value
 * on the line after its key) and repeats its HMAC key bare in a log line. Every shape is masked, the values
 * the parsers learned are masked by value, and none of the planted values is found in the SQLite file (the
 * deflated blobs inflated), any export, the bundle's files (raw/ included) or the CLI's output.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { parseProbeOutput } from '../../src-main/main/diagnostics/probe'
import { evaluatePair } from '../../src-main/main/diagnostics/checks/index'
import { countStatuses, STATUS_SEVERITY, type CheckStatus } from '../../src-main/shared/domain/check'
import { DEFAULT_NSM_PATHS } from '../../src-main/shared/domain/pair'
import type { RunReport } from '../../src-main/shared/domain/run'
import { MASK, redactDeep, redactText } from '../../src-main/main/reports/redact'
import { exportFileName, writeExport, type ExportFormat } from '../../src-main/main/reports/index'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { decodeEvidence } from '../../src-main/main/db/run-repo'
import { pairSummary } from '../../src-main/shared/domain/run'
import { formatText } from '../../src-main/cli/format/text'
import { formatNagios } from '../../src-main/cli/format/nagios'
import { formatSummaryLines } from '../../src-main/cli/format/summary'
import { useTempDir } from '../db/temp'
import { LAB } from '../history/lab-pair'
import { probeOutput, SALT } from '../history/fixture-report'

const tempDir = useTempDir('nsmhad-nodetext-')

const PLANT = {
  hmac: 'Vx9HmacKeyOfTheNode4471',
  passwd: 'Adm1nPw-77qz',
  hmacUnderscore: 'Und3rscoreKey-551',
  hmacOld: 'OldHmacVal-9k2',
  pwd: 'PwdVal-3j8x',
  nextLine: 'NextLineSecret-6f1',
  pemLine: 'MIIEowIBAAKCAQEAzX7plantedPemBodyLine0123456789abcdef',
  token: 'Tok-88aa-Hh31'
} as const

const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PLANT.pemLine}\nQ2hlY2sgdGhhdCB0aGlzIGxpbmUgaXMgbWFza2VkIHRvbw==\n-----END RSA PRIVATE KEY-----`

describe('secrets by shape', () => {
  const cases: [string, string, string][] = [
    ['HMAC key: <key>', `HMAC key: ${PLANT.hmac}`, PLANT.hmac],
    ['admin passwd=<pw>', `admin passwd=${PLANT.passwd} ok`, PLANT.passwd],
    ['HMAC_Key=<key>', `highAvail.HMAC_Key=${PLANT.hmacUnderscore}`, PLANT.hmacUnderscore],
    ['hmacKeyOld <value> (config style)', `hmacKeyOld ${PLANT.hmacOld}`, PLANT.hmacOld],
    ['hmacKeyOld=<value>', `state: up hmacKeyOld=${PLANT.hmacOld}`, PLANT.hmacOld],
    ['pwd: <value>', `  pwd: ${PLANT.pwd}`, PLANT.pwd],
    ['token=<value>', `auth token=${PLANT.token}`, PLANT.token],
    ['otp (<value>)', `:clientOtpSecret (${PLANT.token})`, PLANT.token],
    ['"secret": "<value>"', `{"apiSecret": "${PLANT.token}"}`, PLANT.token],
    ['private: <value>', `private: ${PLANT.token}`, PLANT.token],
    ['a value on the next line', `HMAC key:\n   ${PLANT.nextLine}\nnext`, PLANT.nextLine],
    ['a key alone, value below', `ourRsaPrivateKey\n${PLANT.nextLine}`, PLANT.nextLine],
    ['a PEM private-key block', `before\n${PEM}\nafter`, PLANT.pemLine],
    ['a PEM block cut before its END', `before\n${PEM.split('\n').slice(0, 2).join('\n')}`, PLANT.pemLine]
  ]
  for (const [shape, text, value] of cases) {
    it(`masks ${shape}`, () => {
      expect(text).toContain(value)
      const out = redactText(text)
      expect(out).not.toContain(value)
      expect(out).toContain(MASK)
    })
  }

  it('leaves prose, fingerprints and non-secret settings readable', () => {
    const prose = [
      'Password authentication failed for user nsm',
      'highAvail.HMACKey sha256:0badf00d (duplicate key: last one wins)',
      'ourRsaPrivateKey is missing on the secondary',
      'highAvail.HMACKey sha256:0badf00d',
      'highAvail.sshKeyFile /usr/netscreen/HaSvr/.ssh/id_rsa',
      'Host key type: ssh-ed25519',
      '3 pass, 0 warn, 1 fail'
    ]
    for (const line of prose) expect(redactText(line)).toBe(line)
  })

  it('redactDeep masks the passphrase and password properties', () => {
    const out = redactDeep({ jump: { passphrase: 'Pp-secret-1', password: 'Pw-secret-2', host: 'jump.example' } })
    expect(out.jump).toEqual({ passphrase: MASK, password: MASK, host: 'jump.example' })
  })
})

/** The healthy fixture with a hostile, unrecognised haStatus and secrets in its logs. */
function hostileOutput(role: 'primary' | 'secondary'): string {
  return (
    probeOutput(role)
      .replace(/highAvail\.HMACKey .*/g, `highAvail.HMACKey ${PLANT.hmac}`)
      .replace(
        /(@@NSMHAD-fixture hastatus begin@@\n)[\s\S]*?(\n@@NSMHAD-fixture hastatus end)/,
        `$1HA daemon v9 (unknown build)\nHMAC key: ${PLANT.hmac}\nadmin passwd=${PLANT.passwd}\nhighAvail.HMAC_Key=${PLANT.hmacUnderscore}\nhmacKeyOld ${PLANT.hmacOld}\npwd: ${PLANT.pwd}\nHMAC key:\n  ${PLANT.nextLine}\n${PEM}$2`
      )
      // the HMAC key bare in a log line: only masking by value can catch it
      .replace(/(2:\[2026\/11\/25 06:29:50\] INFO {2}cmd: [^\n]*)/, `$1\n3:[2026/11/25 06:29:51] INFO  peer hello ${PLANT.hmac} accepted`)
  )
}

function hostileReport(pair: RunReport['pair']): RunReport {
  const nodes = (['primary', 'secondary'] as const).map((role) =>
    parseProbeOutput(hostileOutput(role), {
      role,
      host: role === 'primary' ? '127.0.0.11' : '127.0.0.12',
      port: 22,
      paths: DEFAULT_NSM_PATHS,
      salt: SALT,
      nonce: 'fixture',
      localMidMs: 1795591000 * 1000 + 500,
      hostKeySha256: `SHA256:fixture-${role}`
    })
  )
  const checks = evaluatePair(nodes[0], nodes[1], { salt: SALT, now: 1795591000 * 1000 })
  const summary = countStatuses(checks)
  const verdict = checks.reduce<CheckStatus>((w, c) => (STATUS_SEVERITY[c.status] > STATUS_SEVERITY[w] ? c.status : w), 'skipped')
  return {
    schema: 1,
    startedAt: '2026-11-25T06:31:00.000Z',
    finishedAt: '2026-11-25T06:31:04.200Z',
    state: 'completed',
    by: 'admin@workstation',
    pair,
    nodes: { primary: nodes[0].facts, secondary: nodes[1].facts },
    checks,
    summary,
    verdict
  }
}

describe('a hostile node printing secrets in output we do not recognise', () => {
  it('none of the planted values reaches SQLite (blobs inflated), an export, the bundle or the CLI output', async () => {
    const raw = hostileOutput('primary')
    for (const v of Object.values(PLANT)) if (v !== PLANT.token) expect(raw, `planted ${v}`).toContain(v)
    const dir = tempDir()
    const outDir = tempDir()
    const store = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    const pair = store.pairs.save(LAB)
    const report = hostileReport(pairSummary(pair))
    // the output really is the unrecognised kind the bundle's raw/ files carry
    expect(report.nodes.primary.unrecognised?.some((u) => u.section === 'hastatus')).toBe(true)
    const found: string[] = []
    const scan = (label: string, text: string): void => {
      for (const v of Object.values(PLANT)) if (text.includes(v)) found.push(`${label}: ${v}`)
    }
    // what the CLI prints (text, nagios, check --all lines, json) straight from the run
    scan('text', formatText(report, true))
    scan('nagios', formatNagios(report))
    scan('summary', formatSummaryLines([{ name: 'lab pair', code: 3, report }]).join('\n'))
    scan('json', JSON.stringify(redactDeep(report)))
    scan('the run itself', JSON.stringify(report))
    const runId = store.history.beginRun(report.pair, report.startedAt, report.by)
    const id = store.history.saveRun({ ...report, runId })
    for (const f of readdirSync(dir)) scan(`db file ${f}`, readFileSync(join(dir, f)).toString('latin1'))
    expect(existsSync(join(dir, 'nsm-ha-doctor.sqlite-wal'))).toBe(true)
    for (const row of store.db.prepare('SELECT run_id, role, encoding, body FROM run_facts').all() as {
      encoding: string
      body: Buffer
    }[])
      scan('run_facts', row.encoding === 'deflate' ? inflateSync(row.body).toString('utf8') : row.body.toString('utf8'))
    for (const row of store.db.prepare('SELECT evidence FROM check_results').all() as { evidence: string | Buffer }[])
      scan('evidence', JSON.stringify(decodeEvidence(row.evidence)))
    for (const t of store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) {
      for (const row of store.db.prepare(`SELECT * FROM "${t.name}"`).all() as Record<string, unknown>[])
        for (const v of Object.values(row)) {
          if (Buffer.isBuffer(v)) {
            let text = v.toString('latin1')
            try {
              text += inflateSync(v).toString('utf8')
            } catch {
              // not deflated
            }
            scan(`table ${t.name}`, text)
          } else scan(`table ${t.name}`, String(v))
        }
    }
    const stored = store.history.getRun(id)!
    let rawFiles = 0
    for (const [label, r] of [
      ['stored', stored],
      ['live', report]
    ] as const) {
      for (const format of ['html', 'markdown', 'json', 'bundle'] as ExportFormat[]) {
        const file = join(outDir, `${label}-${exportFileName(r, format)}`)
        writeExport(r, format, file)
        const bytes = readFileSync(file)
        scan(`export ${label} ${format}`, bytes.toString('latin1'))
        if (format === 'bundle')
          for (const [name, data] of Object.entries(unzipSync(new Uint8Array(bytes)))) {
            if (name.startsWith('raw/')) rawFiles++
            scan(`bundle ${label} ${name}`, strFromU8(data))
          }
      }
    }
    expect(rawFiles).toBeGreaterThan(0)
    store.close()
    for (const f of readdirSync(dir)) scan(`db file after close ${f}`, readFileSync(join(dir, f)).toString('latin1'))
    expect(found).toEqual([])
  })
})
