import { afterEach, describe, expect, it, vi } from 'vitest'
import { run as pairsCli } from '../../src-main/cli/commands/pairs'
import { run as historyCli } from '../../src-main/cli/commands/history'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { pairSummary } from '../../src-main/shared/domain/run'
import { useTempDir } from '../db/temp'
import { reportWithSecrets } from '../history/fixture-report'

const tempDir = useTempDir('nsmhad-cli-')
const savedHome = process.env.NSM_HA_DOCTOR_HOME
afterEach(() => {
  if (savedHome === undefined) delete process.env.NSM_HA_DOCTOR_HOME
  else process.env.NSM_HA_DOCTOR_HOME = savedHome
  vi.restoreAllMocks()
})

function capture(): { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')))
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')))
  return { out, err }
}

describe('pairs and history commands', () => {
  it('adds, lists and removes pairs in the shared data dir; usage errors exit 3 with one line', async () => {
    const dir = tempDir()
    process.env.NSM_HA_DOCTOR_HOME = dir
    const io = capture()
    expect(
      await pairsCli([
        'add',
        '--name',
        'lab',
        '--primary',
        'nsm@127.0.0.11:2201',
        '--secondary',
        '127.0.0.12',
        '--identity',
        '/keys/id_rsa',
        '--nsm-home',
        '/opt/nsm',
        '--jump',
        'ops@bastion',
        '--sudo',
        'sudo',
        '--tag',
        'eu',
        '--tag',
        'prod',
        '--notes',
        'rack 4'
      ])
    ).toBe(0)
    expect(await pairsCli(['add', '--name', 'LAB', '--primary', 'a', '--secondary', 'b'])).toBe(3)
    expect(io.err.pop()).toBe('nsm-ha-doctor pairs: a pair named "LAB" already exists')
    expect(await pairsCli(['add', '--name', 'x', '--primary', 'a'])).toBe(3)
    expect(await pairsCli(['add', '--name', 'x', '--primary', 'a', '--secondary', 'b', '--bogus'])).toBe(3)
    expect(io.err.pop()).toBe('nsm-ha-doctor pairs: unknown option --bogus')
    io.out.length = 0
    expect(await pairsCli(['list'])).toBe(0)
    expect(io.out[1]).toMatch(/^lab\s+nsm@127\.0\.0\.11:2201\s+root@127\.0\.0\.12:22\s+key\s+eu,prod$/)
    expect(await pairsCli(['list', '--format', 'json'])).toBe(0)
    const listed = JSON.parse(io.out.pop()!) as Record<string, unknown>[]
    expect(listed[0]).toMatchObject({
      name: 'lab',
      paths: { nsmHome: '/opt/nsm', nsmData: '/var/netscreen' },
      jumpHost: { host: 'bastion', user: 'ops' },
      notes: 'rack 4'
    })
    expect(listed[0]).not.toHaveProperty('salt')
    expect(listed[0]).not.toHaveProperty('allowLegacyAlgorithms')
    // the legacy-algorithms opt-in is kept with the pair
    expect(await pairsCli(['add', '--name', 'old-box', '--primary', 'a', '--secondary', 'b', '--allow-legacy-algorithms'])).toBe(0)
    expect(await pairsCli(['list', '--format', 'json'])).toBe(0)
    expect((JSON.parse(io.out.pop()!) as Record<string, unknown>[]).find((p) => p.name === 'old-box')).toMatchObject({
      allowLegacyAlgorithms: true
    })
    expect(await pairsCli(['remove', 'old-box'])).toBe(0)

    // the app sees the same pair and its runs show in `history`
    const s = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    const pair = s.pairs.getByName('lab')!
    const report = reportWithSecrets({ pair: pairSummary(pair) })
    const runId = s.history.saveRun(report)
    s.close()
    const c = report.summary
    io.out.length = 0
    expect(await historyCli(['--pair', 'lab'])).toBe(0)
    expect(io.out[0]).toMatch(/^RUN\s+STARTED/)
    expect(c.pass).toBeGreaterThan(20)
    expect(io.out[1]).toMatch(
      new RegExp(
        `^${runId}\\s+2026-11-25 06:31:00Z\\s+4\\.2s\\s+completed\\s+pass\\s+${c.fail}/${c.unknown}/${c.warn}/${c.pass}/${c.skipped}\\s+admin@workstation$`
      )
    )
    expect(await historyCli(['--pair', 'lab', '--format', 'json', '--limit', '5'])).toBe(0)
    expect(JSON.parse(io.out.pop()!)).toMatchObject({ pair: 'lab', total: 1, runs: [{ id: runId, state: 'completed' }] })
    expect(await historyCli(['--pair', 'lab', '--limit', '0'])).toBe(3)
    expect(await historyCli([])).toBe(3)

    expect(await pairsCli(['remove', 'lab'])).toBe(0)
    expect(await pairsCli(['remove', 'lab'])).toBe(3)
    expect(await historyCli(['--pair', 'lab'])).toBe(3)
  })
})
