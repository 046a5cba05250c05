/**
 * (a) The naive way: an admin follows KB11264 by hand, or as a shell script that calls the OpenSSH
 * client once per step command (one `ssh` per command, one node after the other). The command list
 * mirrors the guide's manual steps 1–11 plus the system checks (clock, disk, version).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { shQuote } from '../../src-main/main/shell/quote'
import type { NodeRole } from '../../src-main/shared/domain/check'
import type { PairConfig } from '../../src-main/shared/domain/pair'

export interface NaiveTarget {
  host: string
  port: number
  user: string
  identityFile: string
}

/** The guide's manual commands for one node. */
export function naiveCommands(cfg: PairConfig, role: NodeRole, peerAddr: string, pingableIp: string, rsyncUser = 'nsm'): string[] {
  const H = cfg.paths.nsmHome
  const D = cfg.paths.nsmData
  const G = `${H}/GuiSvr/var/errorLog/guiDaemon.0`
  const cmds = [
    'hostname',
    'date +%s',
    'id -un',
    // step 1
    `${H}/HaSvr/utils/haStatus`,
    // step 2
    `cat ${H}/HaSvr/var/haSvr.cfg`,
    `cat ${H}/GuiSvr/var/guiSvr.cfg`,
    `cat ${H}/DevSvr/var/devSvr.cfg`,
    'ssh -V',
    'rsync --version | head -1',
    'ip -o addr show',
    `ping -c 1 -W 2 ${pingableIp}`,
    `getent passwd ${rsyncUser}`,
    'cat /proc/mounts',
    // step 4
    `su -s /bin/sh -c ${shQuote(`ssh -o BatchMode=yes -o ConnectTimeout=5 -l ${rsyncUser} ${peerAddr} true`)} ${rsyncUser}`,
    // step 5
    `cat ${H}/HaSvr/bin/.haDoDirect.result`,
    `grep -n -i -E 'error|fail|rsync|ssh' ${H}/HaSvr/var/errorLog/ha.log | tail -40`,
    // step 6
    `grep -n 'connected to ha-link' ${G} | tail -3`,
    `grep -n 'shadow_server' ${G} | tail -5`,
    `grep -n -E 'myAddr|peerAddr' ${G} | tail -4`,
    // step 7, 8
    `grep -n 'DB_EVENT_REP' ${G} | tail -10`,
    `ls -ln ${D}/GuiSvr/xdb/data`,
    `du -sk ${D}/GuiSvr/xdb/data`,
    `ls -ln ${D}/GuiSvr/xdb/log`,
    `ls -ln ${D}/GuiSvr/xdb/init`,
    // step 9, 10, 11
    `grep -n 'DB_PANIC' ${G} | tail -5`,
    `grep -n 'ourRsaPrivateKey is missing' ${G} | tail -5`,
    `grep -n 'starting' ${G} | tail -2`,
    // system
    `df -Pk ${D}`,
    `cat ${H}/GuiSvr/var/version`
  ]
  if (role === 'primary') cmds.push(`printf 'r\\n7\\n0.shadow_server.2\\n0\\n' | ${H}/GuiSvr/utils/.xdbViewEdit.sh`)
  return cmds
}

/** The script an admin would write: one `ssh` per command, node after node. */
export function naiveScript(nodes: { role: NodeRole; target: NaiveTarget; commands: string[]; out: string }[]): string {
  const lines = [
    '#!/bin/sh',
    'OPTS="-F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ControlMaster=no -o ControlPath=none -o GSSAPIAuthentication=no"'
  ]
  for (const n of nodes) {
    const dest = `${n.target.user}@${n.target.host}`
    for (const c of n.commands) {
      lines.push(
        `ssh $OPTS -i ${shQuote(n.target.identityFile)} -p ${n.target.port} ${shQuote(dest)} ${shQuote(c)} >> ${shQuote(n.out)} 2>&1`
      )
    }
  }
  return `${lines.join('\n')}\n`
}

export interface NaiveResult {
  ms: number
  invocations: number
  perNode: Record<NodeRole, number>
  outputBytes: number
  exitCode: number | null
}

export async function runNaive(cfg: PairConfig, peerAddr: Record<NodeRole, string>, pingableIp: string): Promise<NaiveResult> {
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-naive-'))
  try {
    const nodes = (['primary', 'secondary'] as const).map((role) => ({
      role,
      target: { host: cfg[role].host, port: cfg[role].port, user: cfg[role].user, identityFile: cfg[role].identityFile as string },
      commands: naiveCommands(cfg, role, peerAddr[role], pingableIp),
      out: join(dir, `${role}.out`)
    }))
    const script = join(dir, 'naive.sh')
    writeFileSync(script, naiveScript(nodes), { mode: 0o755 })
    const t0 = performance.now()
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn('/bin/sh', [script], { stdio: 'ignore' })
      child.on('close', (code) => resolve(code))
    })
    const ms = performance.now() - t0
    let outputBytes = 0
    for (const n of nodes) outputBytes += statSync(n.out).size
    // sanity: the script really reached the nodes
    const primaryOut = readFileSync(nodes[0].out, 'utf8')
    if (!/Local Server/.test(primaryOut)) throw new Error(`naive script did not reach the primary: ${primaryOut.slice(0, 300)}`)
    return {
      ms,
      invocations: nodes.reduce((s, n) => s + n.commands.length, 0),
      perNode: { primary: nodes[0].commands.length, secondary: nodes[1].commands.length },
      outputBytes,
      exitCode
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
