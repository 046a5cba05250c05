/**
 * THE secret scan: runs built from inputs that contain known secrets (configs, the DB viewer record, log
 * lines — through the real engine — plus a hand-built "leaky" report that carries raw secrets where an
 * engine slip would put them) are saved, audited, exported and bundled; then the SQLite file bytes (and
 * -wal), every decompressed facts row, the exports, each zip entry and the CLI output are searched for the
 * secret strings. None may appear.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { unzipSync, strFromU8 } from 'fflate'
import { openAppStore } from '../../src-main/main/store/app-store'
import { decodeEvidence } from '../../src-main/main/db/run-repo'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { pairSummary } from '../../src-main/shared/domain/run'
import { writeExport, exportFileName, type ExportFormat } from '../../src-main/main/reports/index'
import { run as historyCli } from '../../src-main/cli/commands/history'
import { run as pairsCli } from '../../src-main/cli/commands/pairs'
import type { RunReport } from '../../src-main/shared/domain/run'
import { useTempDir } from '../db/temp'
import { LAB } from '../history/lab-pair'
import { forgetKnownSecret, registerKnownSecret } from '../../src-main/main/secrets/known-secrets'
import { probeOutput, reportWithSecrets, SECRETS, secretValues } from '../history/fixture-report'

const tempDir = useTempDir('nsmhad-scan-')
const savedHome = process.env.NSM_HA_DOCTOR_HOME
afterEach(() => {
  if (savedHome === undefined) delete process.env.NSM_HA_DOCTOR_HOME
  else process.env.NSM_HA_DOCTOR_HOME = savedHome
  vi.restoreAllMocks()
})

/** A report with raw secrets where a careless collector or check would leave them. */
function leakyReport(base: RunReport): RunReport {
  const r = structuredClone(base)
  r.checks[0].evidence.push(
    { node: 'primary', source: '/usr/netscreen/HaSvr/var/haSvr.cfg', line: 16, excerpt: `highAvail.HMACKey ${SECRETS.hmac}` },
    { node: 'secondary', source: 'sudo -S true', excerpt: `[sudo] password for nsm: ${SECRETS.sudo}\nsudo ok` },
    { node: 'primary', source: '/usr/netscreen/GuiSvr/var/guiSvr.cfg', excerpt: `guiSvr.clientOneTimePassword=${SECRETS.otp}` }
  )
  r.checks[1].summary = `debug: ourRsaPrivateKey: ${SECRETS.rsa}`
  const cfg = r.nodes.primary.configs['haSvr.cfg']!
  cfg.redactedText += `\nhighAvail.HMACKey ${SECRETS.hmac}\n`
  cfg.entries.push({ key: 'highAvail.HMACKey', value: SECRETS.hmac, line: 99, secret: true })
  r.nodes.secondary.events.push({
    node: 'secondary',
    kind: 'RSA_KEY_MISSING',
    source: 'viewer',
    line: 4,
    text: `:clientOneTimePassword (${SECRETS.otpOther})`
  })
  r.nodes.secondary.error = `probe said: sudoPassword=${SECRETS.sudo}`
  return r
}

function scan(label: string, text: string, found: string[]): void {
  for (const s of secretValues()) if (text.includes(s)) found.push(`${label}: ${s}`)
}

describe('secrets never reach SQLite, exports, bundles or logs', () => {
  it('finds none of the planted secrets anywhere after runs, audits and exports', async () => {
    const dir = tempDir()
    const outDir = tempDir()
    const secrets = new SessionSecretStore()
    const store = await openAppStore({ dir, secretStore: secrets })
    const pair = store.pairs.save(LAB)
    await store.pairs.setSecret(pair.id, 'primary', 'sudo', SECRETS.sudo)
    const sum = pairSummary(pair)

    const healthy = reportWithSecrets({ pair: sum, startedAt: '2026-11-25T06:31:00.000Z' })
    const mismatch = reportWithSecrets({ pair: sum, startedAt: '2026-11-25T06:41:00.000Z', otpMismatch: true })
    const leaky = leakyReport(reportWithSecrets({ pair: sum, startedAt: '2026-11-25T06:51:00.000Z', otpMismatch: true }))
    // the scan can fail: the raw material really holds every secret
    const rawProbe = probeOutput('primary') + probeOutput('secondary', { otpMismatch: true })
    for (const s of [SECRETS.hmac, SECRETS.otp, SECRETS.otpOther, SECRETS.rsa]) expect(rawProbe, `probe input ${s}`).toContain(s)
    const raw = JSON.stringify(leaky)
    for (const s of secretValues()) expect(raw, `planted ${s}`).toContain(s)

    const ids: number[] = []
    for (const r of [healthy, mismatch, leaky]) {
      const runId = store.history.beginRun(r.pair, r.startedAt, r.by)
      ids.push(store.history.saveRun({ ...r, runId }))
    }
    store.fixAudit.record({
      pairId: pair.id,
      pairName: pair.name,
      fixId: 'fix.align-one-time-password',
      startedAt: '2026-11-25T07:00:00.000Z',
      finishedAt: '2026-11-25T07:01:00.000Z',
      by: 'admin@ws',
      plan: { steps: [{ command: `sed -i 's/^guiSvr.clientOneTimePassword=${SECRETS.otp}//' guiSvr.cfg`, password: SECRETS.sudo }] },
      confirmation: 'lab pair',
      output: `[sudo] password for nsm: ${SECRETS.sudo}\nguiSvr.clientOneTimePassword ${SECRETS.otp}\nhighAvail.HMACKey=${SECRETS.hmac}\n`,
      result: 'succeeded',
      stateLeft: `both nodes running; clientOneTimePassword (${SECRETS.otp})`
    })

    const found: string[] = []
    // the database while it is open: main file, -wal (and -shm)
    for (const f of readdirSync(dir)) scan(`db file ${f}`, readFileSync(join(dir, f)).toString('latin1'), found)
    expect(existsSync(join(dir, 'nsm-ha-doctor.sqlite-wal'))).toBe(true)
    // facts are deflated in the file: inflate every row and scan the JSON as well
    for (const row of store.db.prepare('SELECT run_id, role, encoding, body FROM run_facts').all() as {
      run_id: number
      role: string
      encoding: string
      body: Buffer
    }[]) {
      const json = row.encoding === 'deflate' ? inflateSync(row.body).toString('utf8') : row.body.toString('utf8')
      scan(`run_facts ${row.run_id}/${row.role}`, json, found)
    }
    // long evidence is deflated too: decode every row
    for (const row of store.db.prepare('SELECT run_id, check_id, evidence FROM check_results').all() as {
      run_id: number
      check_id: string
      evidence: string | Buffer
    }[]) {
      scan(`evidence ${row.run_id}/${row.check_id}`, JSON.stringify(decodeEvidence(row.evidence)), found)
    }
    for (const t of ['runs', 'check_results', 'fix_audit', 'pairs', 'host_keys', 'settings']) {
      scan(`table ${t}`, JSON.stringify(store.db.prepare(`SELECT * FROM ${t}`).all()), found)
    }
    // rebuilt reports and every export format, the zip entry by entry
    for (const id of ids) {
      const report = store.history.getRun(id)!
      scan(`getRun ${id}`, JSON.stringify(report), found)
      for (const format of ['html', 'markdown', 'json', 'bundle'] as ExportFormat[]) {
        const file = join(outDir, `${id}-${exportFileName(report, format)}`)
        writeExport(report, format, file)
        const bytes = readFileSync(file)
        scan(`export ${format} ${id}`, bytes.toString('latin1'), found)
        if (format === 'bundle') {
          const entries = unzipSync(new Uint8Array(bytes))
          expect(Object.keys(entries)).toEqual(expect.arrayContaining(['run.json', 'README.txt', 'configs/primary/haSvr.cfg']))
          for (const [name, data] of Object.entries(entries)) scan(`bundle ${id} ${name}`, strFromU8(data), found)
        }
      }
    }
    // exports straight from the unsaved (raw) leaky report: the export pass alone must redact too
    for (const format of ['html', 'markdown', 'json', 'bundle'] as ExportFormat[]) {
      const file = join(outDir, `raw-${exportFileName(leaky, format)}`)
      writeExport(leaky, format, file)
      const bytes = readFileSync(file)
      scan(`raw export ${format}`, bytes.toString('latin1'), found)
      if (format === 'bundle')
        for (const [name, data] of Object.entries(unzipSync(new Uint8Array(bytes)))) scan(`raw bundle ${name}`, strFromU8(data), found)
    }
    store.close()
    for (const f of readdirSync(dir)) scan(`db file after close ${f}`, readFileSync(join(dir, f)).toString('latin1'), found)

    // CLI output (stdout and stderr) over the same store
    process.env.NSM_HA_DOCTOR_HOME = dir
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')))
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')))
    expect(await historyCli(['--pair', 'lab pair'])).toBe(0)
    expect(await historyCli(['--pair', 'lab pair', '--format', 'json'])).toBe(0)
    expect(await historyCli(['--pair', 'lab pair', '--run', String(ids[2]), '--export', 'markdown', '--out', join(outDir, 'cli.md')])).toBe(
      0
    )
    expect(await pairsCli(['list', '--format', 'json'])).toBe(0)
    scan('cli output', lines.join('\n'), found)
    scan('cli export', readFileSync(join(outDir, 'cli.md'), 'utf8'), found)
    expect(lines.join('\n')).toContain('lab pair')

    expect(found).toEqual([])
  })

  it('a value a fix captured as secret is masked in its audit row once registered (FIX contract)', async () => {
    const store = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      const captured = 'CapturedOtp-5u8Kd'
      const entry = {
        pairName: 'lab pair',
        fixId: 'fix.align-one-time-password' as const,
        startedAt: '2026-11-25T07:00:00.000Z',
        by: 'admin@ws',
        plan: { note: `read ${captured}` },
        output: `value ${captured} written`,
        result: 'succeeded' as const
      }
      // unregistered, a bare value with no key around it cannot be recognised: the scan would see it
      const before = store.fixAudit.record(entry)
      expect(store.fixAudit.get(before)!.output).toContain(captured)
      registerKnownSecret(captured)
      const after = store.fixAudit.record(entry)
      const row = JSON.stringify(store.fixAudit.get(after))
      expect(row).not.toContain(captured)
      expect(store.fixAudit.get(after)!.output).toBe('value *** written')
      forgetKnownSecret(captured)
    } finally {
      store.close()
    }
  })
})
