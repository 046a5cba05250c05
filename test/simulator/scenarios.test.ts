/**
 * The simulator, seen the way an admin sees a real pair: for every scenario, log in over real SSH
 * (embedded ssh2 server, and real OpenSSH sshd serving the same trees) and observe the broken state
 * with the guide's own commands. Every observation is also run on the healthy pair, where it must not
 * show the breakage — so each row can fail both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScenarioName } from '../../src-main/shared/domain/scenario'
import { SCENARIOS } from '../../src-main/shared/domain/scenario'
import { startSimPair, type SimNodeInfo, type SimPair } from '../../src-main/simulator/index'
import { findSshd, startOpenSshPair } from '../../src-main/simulator/openssh'
import { requireSystem } from '../helpers/system'
import { login, type NodeSession } from './ssh'

interface Observation {
  node: 'primary' | 'secondary'
  /** `$H` = NSM home, `$D` = NSM data, `$I` = init script (pair-level paths) */
  cmd: string
  broken: RegExp
}

const HS = '$H/HaSvr/utils/haStatus'
const OBSERVE: Record<Exclude<ScenarioName, 'healthy'>, Observation> = {
  'peer-services-down': { node: 'primary', cmd: HS, broken: /Peer Server.*timed-out\(error\).*db-repl:dirty/ },
  'ha-disabled': { node: 'secondary', cmd: 'grep isHaEnabled $H/HaSvr/var/haSvr.cfg', broken: /highAvail\.isHaEnabled n/ },
  'hmac-mismatch': { node: 'secondary', cmd: HS, broken: /Peer Server.*timed-out/ },
  'heartbeat-port-mismatch': { node: 'secondary', cmd: 'grep heartbeatPort $H/HaSvr/var/haSvr.cfg', broken: /heartbeatPort 7204/ },
  'address-mismatch': { node: 'secondary', cmd: 'grep peerIpAddr $H/HaSvr/var/haSvr.cfg', broken: /127\.0\.0\.13/ },
  'rsync-missing': { node: 'secondary', cmd: 'rsync --version; echo rc=$?', broken: /rc=127/ },
  'pingable-ip-down': { node: 'primary', cmd: 'ping -c 1 -W 2 127.0.0.254', broken: /100% packet loss/ },
  'rsync-user-missing': { node: 'secondary', cmd: 'getent passwd nsm; echo rc=$?', broken: /^rc=2/m },
  'write-to-log-off': { node: 'primary', cmd: 'grep writetoLog $H/HaSvr/var/haSvr.cfg', broken: /writetoLog n/ },
  'setuid-mismatch': { node: 'secondary', cmd: 'grep setuid $H/GuiSvr/var/guiSvr.cfg $H/DevSvr/var/devSvr.cfg', broken: /setuid nsm/ },
  'ssh-trust-broken': {
    node: 'primary',
    cmd: "sudo -n -u nsm sh -c 'ssh -o BatchMode=yes -o ConnectTimeout=5 -l nsm 127.0.0.12 true' 2>&1; echo rc=$?",
    broken: /Permission denied[\s\S]*rc=255/
  },
  'dodirect-failed': {
    node: 'primary',
    cmd: 'cat $H/HaSvr/bin/.haDoDirect.result; grep -c ERROR $H/HaSvr/var/errorLog/ha.log',
    broken: /^FAIL/
  },
  'shadow-record-missing': {
    node: 'primary',
    cmd: "printf 'r\\n7\\n0.shadow_server.2\\n0\\n' | $H/GuiSvr/utils/.xdbViewEdit.sh",
    broken: /record 0\.shadow_server\.2 not found/
  },
  'gui-address-mismatch': {
    node: 'secondary',
    cmd: 'grep myAddr $H/GuiSvr/var/errorLog/guiDaemon.0 | tail -n 1',
    broken: /myAddr = 127\.0\.0\.21/
  },
  'split-brain': { node: 'secondary', cmd: HS, broken: /Local Server.*running[\s\S]*Peer Server.*timed-out/ },
  'secondary-not-connected': {
    node: 'secondary',
    cmd: 'tail -n 2 $H/GuiSvr/var/errorLog/guiDaemon.0',
    broken: /DB_EVENT_REP_CLIENT[\s\S]*waiting for the master/
  },
  'replication-in-progress': { node: 'secondary', cmd: HS, broken: /Local Server.*db-repl:dirty/ },
  'db-panic': { node: 'secondary', cmd: 'grep DB_PANIC $H/GuiSvr/var/errorLog/guiDaemon.0', broken: /DB_PANIC/ },
  diverged: {
    node: 'secondary',
    cmd: 'grep -E "REP_MASTER|DB_PANIC" $H/GuiSvr/var/errorLog/guiDaemon.0',
    broken: /DB_EVENT_REP_MASTER[\s\S]*DB_PANIC: log sequence mismatch/
  },
  'one-time-password-mismatch': { node: 'secondary', cmd: 'grep -c ourRsaPrivateKey $H/GuiSvr/var/errorLog/guiDaemon.0', broken: /^5$/m },
  'clock-skew': { node: 'secondary', cmd: 'echo skew=$(( $(date +%s) - $(/bin/date +%s) ))', broken: /skew=1[12]\d/ },
  'disk-full': { node: 'secondary', cmd: 'df -Pk $D', broken: /99%/ },
  'version-mismatch': { node: 'secondary', cmd: 'cat $H/GuiSvr/var/version', broken: /2012\.2R4/ },
  'ha-link-not-logged': { node: 'primary', cmd: 'grep -c "connected to ha-link" $H/GuiSvr/var/errorLog/guiDaemon.0', broken: /^0$/m },
  // /proc/mounts is the node's own mount table (env.sh)
  'shared-disk-mounted': {
    node: 'primary',
    cmd: 'grep -h nsm-shared /proc/mounts $H/HaSvr/var/haSvr.cfg',
    broken: /^\/dev\/mapper\/vg-nsmshared \/nsm-shared ext3/m
  },
  'shared-disk-unmounted': {
    node: 'primary',
    cmd: 'grep -c nsm-shared /proc/mounts $H/HaSvr/var/haSvr.cfg',
    broken: /mounts:0\s+\S*haSvr\.cfg:[1-9]/
  },
  'rsync-drift': { node: 'secondary', cmd: 'cat $H/GuiSvr/var/templates/report.tmpl', broken: /edited by hand on the standby/ },
  'last-start-rotated': {
    node: 'secondary',
    cmd: 'cd $H/GuiSvr/var/errorLog && grep -c "guiSvrManager starting" guiDaemon.0 guiDaemon.1 2>&1',
    broken: /guiDaemon\.0:0\s+guiDaemon\.1:1/
  }
}

const connections = new Map<string, Promise<NodeSession>>()

/** One SSH connection per node for the whole suite; each observation is one exec on it. */
async function sh(n: SimNodeInfo, cmd: string): Promise<string> {
  const key = `${n.host}:${n.port}`
  if (!connections.has(key)) connections.set(key, login(n))
  const session = await (connections.get(key) as Promise<NodeSession>)
  const full = cmd.replaceAll('$H', n.nsmHome).replaceAll('$D', n.nsmData).replaceAll('$I', n.haInit)
  return (await session.exec(full, { timeoutMs: 30_000 })).all
}

async function closeConnections(): Promise<void> {
  for (const c of connections.values()) (await c).close()
  connections.clear()
}

function suite(label: string, start: () => Promise<SimPair>, enabled: boolean): void {
  describe.skipIf(!enabled)(label, () => {
    let pair: SimPair
    beforeAll(async () => {
      pair = await start()
    })
    afterAll(async () => {
      await closeConnections()
      await pair?.stop()
    })

    it('healthy: a logged-in admin sees a believable NSM node and none of the breakages', async () => {
      await pair.applyScenario('healthy')
      const status = await sh(pair.primary, HS)
      expect(status).toMatch(/Local Server : 127\.0\.0\.11\s+running\s+network-up\s+db-repl:in-sync/)
      expect(status).toMatch(/Peer Server {2}: 127\.0\.0\.12\s+standby\s+network-up\s+db-repl:in-sync/)
      expect(await sh(pair.secondary, 'hostname; id -un')).toMatch(/^nsm-secondary\n/)
      for (const [scenario, o] of Object.entries(OBSERVE)) {
        const out = await sh(pair[o.node], o.cmd)
        expect(out, `${scenario} observation on the healthy pair`).not.toMatch(o.broken)
      }
    }, 180_000)

    for (const scenario of SCENARIOS.filter((s): s is Exclude<ScenarioName, 'healthy'> => s !== 'healthy')) {
      it(`${scenario}: the breakage is visible over SSH`, async () => {
        await pair.applyScenario(scenario)
        const o = OBSERVE[scenario]
        expect(await sh(pair[o.node], o.cmd)).toMatch(o.broken)
      })
    }
  })
}

suite('simulated pair over the embedded SSH server', () => startSimPair(), true)
const sshd = requireSystem('sshd', findSshd() !== undefined, 'install openssh-server')
suite('simulated pair over real OpenSSH sshd', () => startOpenSshPair(), sshd.available)
