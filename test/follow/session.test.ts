/**
 * A follow over real SSH against the simulator: a cleared standby re-syncs (KB11264 step 9) and the follow
 * watches it to DB_EVENT_REP_STARTUPDONE with one connection per node for the whole follow; the
 * replication-in-progress scenario is followed from 40 % to the end; a stop ends it at once.
 */
import { appendFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { NodeRole } from '../../src-main/shared/domain/check'
import type { FollowInfo, FollowSample } from '../../src-main/shared/domain/follow'
import { followReplication } from '../../src-main/main/follow/follow-session'
import { parseSample, sampleCommand } from '../../src-main/main/follow/sample'
import { pairConnector } from '../../src-main/main/run/connector'
import { MemoryHostKeyStore } from '../../src-main/main/fixes/session'
import { killNodeProcesses, startSimPair, type SimPair } from '../../src-main/simulator/index'
import { setReplicationPace } from '../../src-main/simulator/replication'
import type { SshExecutor } from '../../src-main/main/ssh/executor'

// SSH and a replication of several seconds on a shared, loaded machine
vi.setConfig({ testTimeout: 120_000 })

let sim: SimPair
let connects: NodeRole[] = []

function connector(): (role: NodeRole, signal?: AbortSignal) => Promise<SshExecutor> {
  const connect = pairConnector(
    sim.pairConfig(),
    { primary: { password: sim.secrets.password }, secondary: { password: sim.secrets.password } },
    {
      hostKeys: new MemoryHostKeyStore(),
      acceptNewHostKey: true
    }
  )
  return (role, signal) => {
    connects.push(role)
    return connect(role, signal)
  }
}

async function resyncSecondary(): Promise<void> {
  const { haInit, nsmData } = sim.pairConfig().paths
  const ex = await connector()('secondary')
  try {
    const r = await ex.exec(
      `${haInit} stop >/dev/null && cd ${nsmData}/GuiSvr/xdb && find data -type f ! -name DB_CONFIG -exec rm -f {} + && rm -f init/* log/* && ${haInit} start`
    )
    expect(r.stdout).toMatch(/re-synchronising/)
  } finally {
    ex.close()
  }
}

beforeAll(async () => {
  sim = await startSimPair({ scenario: 'db-panic' })
})
afterAll(async () => {
  await sim?.stop()
})

describe('follow', () => {
  it('follows a re-sync of the cleared standby to STARTUPDONE over one connection per node', async () => {
    setReplicationPace(sim.dir, { resyncSeconds: 8 })
    await resyncSecondary()
    connects = []
    const samples: FollowSample[] = []
    let info: FollowInfo | undefined
    const end = await followReplication({
      pair: sim.pairConfig(),
      connect: connector(),
      intervalMs: 500,
      maxMs: 60_000,
      onStart: (i) => (info = i),
      onSample: (s) => samples.push(s)
    })
    expect(end.reason, end.message).toBe('complete')
    expect(end.message).toMatch(/DB_EVENT_REP_STARTUPDONE/)
    expect(info?.replica).toBe('secondary')
    expect(info?.replicaFrom).toMatch(/haStatus: the secondary is the standby/)
    // one connection per node for the whole follow, however many samples
    expect(connects.sort()).toEqual(['primary', 'secondary'])
    expect(samples.length).toBeGreaterThan(2)
    expect(end.samples).toBe(samples.length)
    const shares = samples.map((s) => s.share ?? 0)
    expect(shares).toEqual([...shares].sort((a, b) => a - b))
    expect(shares[0]).toBeLessThan(1)
    const last = samples[samples.length - 1]
    expect(last.share).toBe(1)
    expect(last.logsMatch).toBe(true)
    expect(last.nodes.secondary.data).toEqual(last.nodes.primary.data)
    expect(last.estimate.remainingBytes).toBe(0)
    expect(samples.some((s) => s.estimate.etaSeconds !== null && s.estimate.etaSeconds > 0)).toBe(true)
    expect(samples.flatMap((s) => s.events.map((e) => e.kind))).toContain('STARTUPDONE')
    for (const s of samples) {
      expect(s.nodes.primary.wireBytes).toBeGreaterThan(0)
      expect(s.nodes.primary.wireBytes).toBeLessThan(2048)
    }
  })

  it('a pair already in sync ends at the first sample ("already complete")', async () => {
    const end = await followReplication({ pair: sim.pairConfig(), connect: connector(), intervalMs: 500, maxMs: 30_000 })
    expect(end.reason).toBe('complete')
    expect(end.samples).toBe(1)
    expect(end.message).toMatch(/^already complete/)
  })

  it('replication-in-progress: followed from 40 % until the scenario completes', async () => {
    setReplicationPace(sim.dir, { inProgressSeconds: 5 })
    await sim.applyScenario('replication-in-progress')
    const samples: FollowSample[] = []
    const end = await followReplication({
      pair: sim.pairConfig(),
      connect: connector(),
      intervalMs: 500,
      maxMs: 60_000,
      onSample: (s) => samples.push(s)
    })
    expect(end.reason, end.message).toBe('complete')
    expect(samples[0].share).toBeGreaterThan(0.2)
    expect(samples[0].share).toBeLessThan(0.9)
    expect(samples[samples.length - 1].share).toBe(1)
  })

  it('stops at once when the admin closes it, and at the time limit', async () => {
    setReplicationPace(sim.dir, { inProgressSeconds: 600 })
    await sim.applyScenario('replication-in-progress')
    const controller = new AbortController()
    const stopped = followReplication({
      pair: sim.pairConfig(),
      connect: connector(),
      intervalMs: 300,
      signal: controller.signal,
      onSample: (s) => void (s.seq === 1 && controller.abort())
    })
    const end = await stopped
    expect(end.reason).toBe('stopped')
    expect(end.samples).toBe(2)
    const limited = await followReplication({ pair: sim.pairConfig(), connect: connector(), intervalMs: 300, maxMs: 1 })
    expect(limited.reason).toBe('time-limit')
    expect(limited.message).toMatch(/no DB_EVENT_REP_STARTUPDONE within/)
  })

  it('says stalled when the replica stops growing short of the source, with how long', async () => {
    setReplicationPace(sim.dir, { inProgressSeconds: 600 })
    await sim.applyScenario('replication-in-progress')
    // the scenario's replication process is launched a moment later: stop it once it runs
    const pidFile = join(sim.secondary.root, '.sim/state/resync.pid')
    for (let i = 0; i < 100 && !existsSync(pidFile); i++) await new Promise((ok) => setTimeout(ok, 50))
    killNodeProcesses(sim.dir)
    const samples: FollowSample[] = []
    const end = await followReplication({
      pair: sim.pairConfig(),
      connect: connector(),
      intervalMs: 300,
      stallSeconds: 1,
      maxMs: 2500,
      onSample: (s) => samples.push(s)
    })
    expect(end.reason).toBe('time-limit')
    const last = samples[samples.length - 1]
    expect(last.estimate.stalled).toBe(true)
    expect(last.estimate.stalledForSeconds).toBeGreaterThanOrEqual(1)
    expect(last.estimate.remainingBytes).toBeGreaterThan(0)
    expect(last.estimate.etaSeconds).toBeNull()
    expect(samples[0].estimate.stalled).toBe(false)
  })

  it('a watched guiDaemon.0 line carrying a secret reaches the sample masked', async () => {
    await sim.applyScenario('replication-in-progress')
    const log = join(sim.secondary.root, 'usr/netscreen/GuiSvr/var/errorLog/guiDaemon.0')
    appendFileSync(log, `[2026/12/01 06:00:00.000] [error] [bdbRep] DB_PANIC: region error; highAvail.HMACKey=${sim.secrets.hmacKey}\n`)
    const samples: FollowSample[] = []
    const end = await followReplication({
      pair: sim.pairConfig(),
      connect: connector(),
      intervalMs: 300,
      maxMs: 5_000,
      onSample: (s) => samples.push(s)
    })
    expect(end.reason).toBe('panic')
    expect(JSON.stringify(samples)).toContain('DB_PANIC: region error; highAvail.HMACKey=***')
    expect(JSON.stringify({ samples, end })).not.toContain(sim.secrets.hmacKey)
  })

  it('a node that cannot be reached fails the start with its reason', async () => {
    const connect = async (role: NodeRole): Promise<SshExecutor> => {
      if (role === 'primary') throw new Error('connection refused by 127.0.0.11:1')
      return connector()(role)
    }
    await expect(followReplication({ pair: sim.pairConfig(), connect })).rejects.toThrow(/^primary: connection refused/)
  })
})

describe('sample output', () => {
  it('reads the directory lines and the watched guiDaemon.0 lines in order', () => {
    const out = [
      'data 6 360728 policy.db 131072',
      'log 2 172032 log.0000000002 40960',
      'guilog 88123 40000',
      '[2026/12/01 06:15:18.984] [info] [guiSvrManager] guiSvrManager starting (pid 4011)',
      '[2026/12/01 06:15:19.984] [info] [bdbRep] get BDB event DB_EVENT_REP_NEWMASTER',
      '[2026/12/01 06:20:23.000] [info] [bdbRep] get BDB event DB_EVENT_REP_STARTUPDONE'
    ].join('\n')
    const p = parseSample(out)
    expect(p.data).toEqual({ files: 6, bytes: 360728, newest: 'policy.db', newestBytes: 131072 })
    expect(p.log.files).toBe(2)
    expect(p.guiLog && 'events' in p.guiLog ? p.guiLog.events.map((e) => e.kind) : []).toEqual(['STARTING', 'NEWMASTER', 'STARTUPDONE'])
    expect(parseSample('data 0 0 - 0\nlog missing\n').log.error).toBe('xdb/log missing')
    expect(parseSample('data 0 0 - 0\nlog 0 0 - 0\nguilog missing\n').guiLog).toEqual({ missing: true })
  })

  it('refuses pair paths that are not plain absolute paths (nothing of them reaches a shell unchecked)', () => {
    const paths = (nsmData: string) => ({ nsmHome: '/usr/netscreen', nsmData, haInit: '/etc/init.d/haSvr' })
    expect(() => sampleCommand(paths("/var/x'; rm -rf /; '"), true)).toThrow(/not safe/)
    expect(() => sampleCommand(paths('/var/../etc'), false)).toThrow(/not safe/)
    const cmd = sampleCommand(paths('/var/netscreen'), true, 10)
    expect(cmd).toContain('X=/var/netscreen/GuiSvr/xdb;')
    expect(cmd).toContain('O=10;')
  })
})
