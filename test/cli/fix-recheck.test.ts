/**
 * `nsm-ha-doctor fix` keeps its re-check like the app does: the run after the fix is saved in the
 * history (a saved pair through the run service; an ad-hoc pair under its name), and `fix` takes the
 * same pair flags as `check` (--jump, --sudo, --allow-legacy-algorithms).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { cli, saveFleet, stopFleet, type SavedSim } from './fleet-helpers'

let home: string
let fleet: SavedSim[]

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nsmhad-fixrecheck-'))
  fleet = await saveFleet(home, [{ name: 'saved-lab', tags: [], scenario: 'write-to-log-off' }])
}, 120_000)

afterAll(async () => {
  await stopFleet(fleet ?? [])
  rmSync(home, { recursive: true, force: true })
})

async function runsOf(name: string): Promise<{ state: string; writeToLog?: string }[]> {
  const s = await openAppStore({ dir: home, secretStore: new SessionSecretStore() })
  try {
    const saved = s.pairs.getByName(name)
    const page = s.history.listRuns(saved ? { pairId: saved.id } : { pairName: name })
    return page.items.map((r) => ({
      state: r.state,
      writeToLog: s.history.getRun(r.id)?.checks.find((c) => c.id === 'cfg.write-to-log')?.status
    }))
  } finally {
    s.close()
  }
}

describe('nsm-ha-doctor fix re-check', () => {
  it('a saved pair: the re-check after the fix is a run in the history', async () => {
    expect(await runsOf('saved-lab')).toEqual([])
    const r = await cli(['fix', 'enable-write-to-log', '--pair', 'saved-lab', '--yes'], home)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/result: succeeded/)
    expect(await runsOf('saved-lab')).toEqual([{ state: 'completed', writeToLog: 'pass' }])
  }, 180_000)

  it('an ad-hoc pair: the re-check is saved under its name; --no-save keeps nothing', async () => {
    const sim = fleet[0].sim!
    await sim.applyScenario('write-to-log-off')
    const p = sim.primary
    const s = sim.secondary
    const target = [
      '--primary',
      `${p.user}@${p.host}:${p.port}`,
      '--secondary',
      `${s.user}@${s.host}:${s.port}`,
      '--identity',
      p.clientKeyPath,
      '--accept-new-host-keys',
      '--nsm-home',
      p.nsmHome,
      '--nsm-data',
      p.nsmData,
      '--ha-init',
      p.haInit
    ]
    const dry = await cli(
      ['fix', 'enable-write-to-log', ...target, '--name', 'adhoc-lab', '--sudo', '--allow-legacy-algorithms', '--dry-run', '--no-save'],
      home
    )
    expect(dry.code, dry.stderr).toBe(0)
    expect(await runsOf('adhoc-lab')).toEqual([])
    const r = await cli(['fix', 'enable-write-to-log', ...target, '--name', 'adhoc-lab', '--yes'], home)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(await runsOf('adhoc-lab')).toEqual([{ state: 'completed', writeToLog: 'pass' }])
    const badJump = await cli(['fix', 'enable-write-to-log', ...target, '--jump', 'user@', '--dry-run'], home)
    expect(badJump.code).toBe(3)
    expect(badJump.stderr.split('\n')[0]).toMatch(/^nsm-ha-doctor fix: --jump: cannot read target "user@"/)
  }, 180_000)
})
