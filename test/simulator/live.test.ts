/**
 * The simulator's state changes are real, seen over real SSH as an admin would see them: stopping
 * haSvr stops it (the peer's haStatus times out), a stopped active node fails over, a cleared standby
 * re-replicates (files come back, NEWMASTER then STARTUPDONE, dirty then in-sync), .haDoDirect runs a
 * real rsync over the real ssh between the nodes, an interactive login looks like an NSM server.
 * Run against the embedded ssh2 server and against real OpenSSH sshd serving the same trees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimPair, type SimNodeInfo, type SimPair } from '../../src-main/simulator/index'
import { findSshd, startOpenSshPair } from '../../src-main/simulator/openssh'
import { requireSystem } from '../helpers/system'
import { login, paths, until, type NodeSession } from './ssh'

const HS = '$H/HaSvr/utils/haStatus'
const LOG = '$H/GuiSvr/var/errorLog/guiDaemon.0'
/** the guiDaemon.0 lines since the last start (KB11264: "since the last start") */
const SINCE_START = `awk '/guiSvrManager starting/ { n = 0 } { l[++n] = $0 } END { for (i = 1; i <= n; i++) print l[i] }' ${LOG}`
const DB_BYTES = 'cat $D/GuiSvr/xdb/data/* | wc -c'
const DB_SUMS = 'cd $D/GuiSvr/xdb && for f in data/* log/*; do printf "%s " "$f"; cksum < "$f"; done'

function suite(label: string, start: () => Promise<SimPair>, enabled: boolean): void {
  describe.skipIf(!enabled)(label, () => {
    let pair: SimPair
    const sessions: Partial<Record<'primary' | 'secondary', NodeSession>> = {}
    const run = async (role: 'primary' | 'secondary', cmd: string): Promise<string> => {
      const n: SimNodeInfo = pair[role]
      sessions[role] ??= await login(n)
      return (await sessions[role].exec(paths(n, cmd))).all
    }

    beforeAll(async () => {
      pair = await start()
    })
    afterAll(async () => {
      sessions.primary?.close()
      sessions.secondary?.close()
      await pair?.stop()
    })

    it('an interactive login looks like an NSM server (motd, hostname, HA role, prompt)', async () => {
      await pair.applyScenario('healthy')
      const s = await login(pair.secondary)
      try {
        expect(s.hostKeySha256).toBe(pair.secondary.hostKeySha256)
        // typed into the shell: the node's own paths, as the motd shows them
        const out = await s.shell(`hostname\n${pair.secondary.root}/usr/netscreen/HaSvr/utils/haStatus\nexit\n`)
        expect(out).toContain('NetScreen-Security Manager 2012.2R5')
        expect(out).toMatch(/nsm-secondary — HA secondary, HA address 127\.0\.0\.12/)
        expect(out).toMatch(/@nsm-secondary ~\][#$] /)
        expect(out).toMatch(/(^|[#$] )nsm-secondary\r?$/m)
        expect(out).toContain(`HA status:   ${pair.secondary.root}/usr/netscreen/HaSvr/utils/haStatus`)
        expect(out).toMatch(/Local Server : 127\.0\.0\.12\s+standby/)
      } finally {
        s.close()
      }
    })

    it('stopping haSvr on the secondary: the primary sees the peer timed-out; starting it again restores the pair', async () => {
      await pair.applyScenario('healthy')
      expect(await run('primary', HS)).toMatch(/Peer Server {2}: 127\.0\.0\.12\s+standby\s+network-up\s+db-repl:in-sync/)

      const stopped = await run('secondary', '$I stop; $I status; echo rc=$?')
      expect(stopped).toMatch(/haSvr is stopped\nrc=3/)
      expect(await run('primary', HS)).toMatch(/Peer Server {2}: 127\.0\.0\.12\s+timed-out\(error\)\s+network-down\s+db-repl:dirty/)
      const local = await run('secondary', `${HS}; echo rc=$?`)
      expect(local).toMatch(/Process highAvail {4}: stopped/)
      expect(local).toMatch(/rc=1/)

      expect(await run('secondary', '$I start; $I status; echo rc=$?')).toMatch(/haSvr is running\nrc=0/)
      expect(await run('primary', HS)).toMatch(/Peer Server {2}: 127\.0\.0\.12\s+standby\s+network-up\s+db-repl:in-sync/)
      const since = await run('secondary', SINCE_START)
      expect(since).toMatch(
        /myAddr = 127\.0\.0\.12\n.*peerAddr = 127\.0\.0\.11\n.*connectionMgr connected to ha-link\n.*event DB_EVENT_REP_CLIENT/
      )
      expect(since).toMatch(/DB_EVENT_REP_NEWMASTER[\s\S]*DB_EVENT_REP_STARTUPDONE/)
    })

    it('stopping the active primary fails over: the standby becomes master', async () => {
      await pair.applyScenario('healthy')
      await run('primary', '$I stop')
      expect(await run('secondary', HS)).toMatch(/Local Server : 127\.0\.0\.12\s+running/)
      expect(await run('secondary', `grep -E 'event DB_EVENT_REP_(MASTER|CLIENT)' ${LOG} | tail -n 1`)).toMatch(/DB_EVENT_REP_MASTER/)
      await run('primary', '$I start')
      expect(await run('primary', HS)).toMatch(/Local Server : 127\.0\.0\.11\s+standby/)
      expect(await run('primary', `grep -E 'event DB_EVENT_REP_(MASTER|CLIENT)' ${LOG} | tail -n 1`)).toMatch(/DB_EVENT_REP_CLIENT/)
    })

    it('re-sync of the standby (KB11264 step 9) really rebuilds xdb/data and logs NEWMASTER then STARTUPDONE', async () => {
      await pair.applyScenario('db-panic')
      const primarySums = await run('primary', DB_SUMS)
      const primaryBytes = Number((await run('primary', DB_BYTES)).trim())
      const cleared = await run(
        'secondary',
        '$I stop && cd $D/GuiSvr/xdb && find data -type f ! -name DB_CONFIG -exec rm -f {} + && rm -f init/* log/* && ls data init log'
      )
      expect(cleared).toMatch(/data:\nDB_CONFIG\n\ninit:\n\nlog:\n$/)
      const started = await run('secondary', `$I start; ${HS}`)
      expect(started).toMatch(/re-synchronising/)
      expect(started).toMatch(/Local Server : 127\.0\.0\.12\s+standby\s+network-up\s+db-repl:dirty/)

      const seen: number[] = []
      await until(async () => {
        seen.push(Number((await run('secondary', DB_BYTES)).trim()))
        return /Local Server.*db-repl:in-sync/.test(await run('secondary', HS))
      }, 'secondary back in sync')
      // the database only ever grows while it replicates, and ends equal to the primary's
      expect(seen).toEqual([...seen].sort((a, b) => a - b))
      expect(await run('secondary', DB_SUMS)).toBe(primarySums)
      expect(Number((await run('secondary', DB_BYTES)).trim())).toBe(primaryBytes)
      const since = await run('secondary', SINCE_START)
      expect(since).toMatch(/event DB_EVENT_REP_CLIENT[\s\S]*event DB_EVENT_REP_NEWMASTER[\s\S]*event DB_EVENT_REP_STARTUPDONE/)
      expect(since).not.toMatch(/DB_PANIC/)
      expect(await run('primary', HS)).toMatch(/Peer Server {2}: 127\.0\.0\.12\s+standby\s+network-up\s+db-repl:in-sync/)
    })

    it('replication-in-progress: the standby database keeps growing but stays dirty', async () => {
      await pair.applyScenario('replication-in-progress')
      const first = Number((await run('secondary', DB_BYTES)).trim())
      const primaryBytes = Number((await run('primary', DB_BYTES)).trim())
      expect(first).toBeLessThan(primaryBytes)
      await until(async () => Number((await run('secondary', DB_BYTES)).trim()) > first, 'secondary data grew')
      expect(Number((await run('secondary', DB_BYTES)).trim())).toBeLessThan(primaryBytes)
      expect(await run('secondary', HS)).toMatch(/Local Server.*db-repl:dirty/)
      const since = await run('secondary', SINCE_START)
      expect(since).toMatch(/event DB_EVENT_REP_NEWMASTER/)
      expect(since).not.toMatch(/STARTUPDONE/)
    })

    it('.haDoDirect runs a real rsync over the real ssh to the peer (SUCCESS), and FAILs when the trust is broken', async () => {
      await pair.applyScenario('healthy')
      const marker = `marker-${Date.now()}`
      await run('primary', `echo ${marker} > $H/GuiSvr/var/templates/${marker}.txt && rm -f $H/HaSvr/bin/.haDoDirect.result`)
      const out = await run('primary', `sudo -n -u nsm sh -c '$H/HaSvr/bin/.haDoDirect'; echo rc=$?`)
      expect(out).toMatch(/SUCCESS\nrc=0/)
      expect(await run('secondary', `cat $H/GuiSvr/var/templates/${marker}.txt`)).toBe(`${marker}\n`)
      expect(await run('primary', 'cat $H/HaSvr/bin/.haDoDirect.result')).toMatch(/^SUCCESS \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\n$/)
      expect(await run('primary', 'tail -n 1 $H/HaSvr/var/errorLog/ha.log')).toMatch(/INFO {2}haDoDirect: result SUCCESS/)
      // excluded by exclude.rsync: the peer keeps its own guiSvr.cfg
      expect(await run('secondary', 'grep managementIp $H/GuiSvr/var/guiSvr.cfg')).toMatch(/127\.0\.0\.12/)

      await pair.applyScenario('ssh-trust-broken')
      const failed = await run('primary', `sudo -n -u nsm sh -c '$H/HaSvr/bin/.haDoDirect'; echo rc=$?`)
      expect(failed).toMatch(/FAIL \(rsync exit \d+\)[\s\S]*rc=1/)
      expect(await run('primary', 'cat $H/HaSvr/bin/.haDoDirect.result')).toMatch(/^FAIL /)
      const log = await run('primary', 'tail -n 6 $H/HaSvr/var/errorLog/ha.log')
      expect(log).toMatch(/ERROR .*Permission denied/)
      expect(log).toMatch(/INFO {2}cmd: rsync .* nsm@127\.0\.0\.12:/)
      expect(log).toMatch(/INFO {2}haDoDirect: result FAIL\n$/)
    })

    it('the rsync user really ssh-es from the primary to the secondary (and not when the secondary lacks the account)', async () => {
      const trust = "sudo -n -u nsm sh -c 'ssh -o BatchMode=yes -o ConnectTimeout=5 127.0.0.12 hostname' 2>&1; echo rc=$?"
      await pair.applyScenario('healthy')
      expect(await run('primary', trust)).toMatch(/^nsm-secondary\nrc=0/)
      await pair.applyScenario('rsync-user-missing')
      expect(await run('primary', trust)).toMatch(/rc=255/)
      const su = await run('secondary', 'su nsm -c true; echo rc=$?')
      expect(su).toMatch(/rc=1/)
      expect(su).toMatch(/su: user nsm does not exist/)
    })
  })
}

suite('live state over the embedded SSH server', () => startSimPair(), true)
const sshd = requireSystem('sshd', findSshd() !== undefined, 'install openssh-server')
suite('live state over real OpenSSH sshd', () => startOpenSshPair(), sshd.available)
