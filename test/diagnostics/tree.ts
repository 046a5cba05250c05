/**
 * A real NSM-like directory tree for the probe unit test (docs/nsm-formats.md layouts), and a local-process
 * executor that runs a command with the real /bin/sh. The local executor is for the probe unit test only:
 * everything that crosses SSH is tested against the simulator.
 */
import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { ExecOptions, ExecResult, SshExecutor } from '../../src-main/main/ssh/executor'

export interface TreeOptions {
  local?: string
  peer?: string
  rsyncUser?: string
  pingableIp?: string
  guiLogExtra?: string
}

function put(path: string, text: string | Buffer, mode?: number) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  if (mode) chmodSync(path, mode)
}

/** Creates HOME (`root/usr`) and DATA (`root/var`) of one node; returns the paths. */
export function makeNodeTree(root: string, o: TreeOptions = {}): { nsmHome: string; nsmData: string; haInit: string } {
  const H = join(root, 'usr')
  const D = join(root, 'var')
  const local = o.local ?? '127.0.0.11'
  const peer = o.peer ?? '127.0.0.12'
  put(
    join(H, 'HaSvr/var/haSvr.cfg'),
    [
      '# haSvr.cfg',
      'highAvail.isHaEnabled y',
      `highAvail.localIpAddr ${local}`,
      `highAvail.peerIpAddr ${peer}`,
      `highAvail.pingableIp ${o.pingableIp ?? '127.0.0.1'}`,
      'highAvail.HMACKey TOPSECRET-HMAC-0001',
      `highAvail.rsyncUser ${o.rsyncUser ?? 'nsm'}`,
      'highAvail.writetoLog y',
      'highAvail.sharedDisk n',
      'guiSvr.setuid root',
      ''
    ].join('\n')
  )
  put(join(H, 'GuiSvr/var/guiSvr.cfg'), 'guiSvr.setuid root\nguiSvr.clientOneTimePassword OTP-SECRET-42\n')
  put(join(H, 'DevSvr/var/devSvr.cfg'), 'devSvr.setuid root\n')
  put(join(H, 'GuiSvr/var/version'), '2012.2R5\n')
  put(
    join(H, 'HaSvr/utils/haStatus'),
    `#!/bin/sh
cat <<'EOF'
NSM HA Status (2012.2R5)
----------------------------------------------------------------
Local Server : ${local}   running            network-up    db-repl:in-sync
Peer Server  : ${peer}   standby            network-up    db-repl:in-sync
----------------------------------------------------------------
Process highAvail    : started
Process highAvailSvr : started
EOF
`,
    0o755
  )
  put(
    join(H, 'GuiSvr/utils/.xdbViewEdit.sh'),
    `#!/bin/sh
read mode; read opt; read rec; read q
echo "NSM xdb viewer ($mode)"
if [ "$rec" = 0.shadow_server.2 ]; then echo ':type (peerGuiSvr)'; echo ':clientOneTimePassword (OTP-SECRET-42)'; else echo "record $rec not found"; fi
`,
    0o755
  )
  put(join(H, 'HaSvr/bin/.haDoDirect.result'), 'SUCCESS 2026/11/25 06:29:51\n')
  put(
    join(H, 'HaSvr/var/errorLog/ha.log'),
    `[2026/11/25 06:29:50] INFO  haDoDirect: direct sync to ${peer} starting\n[2026/11/25 06:29:50] INFO  cmd: /usr/bin/rsync -az x nsm@${peer}:y\n[2026/11/25 06:29:51] INFO  haDoDirect: result SUCCESS\n`
  )
  put(
    join(H, 'GuiSvr/var/errorLog/guiDaemon.0'),
    `[2026/11/25 06:30:01.123] [info] [guiSvrManager] guiSvrManager starting (pid 4242)
[2026/11/25 06:30:01.201] [info] [haLink] read highAvail.heartbeatPort; myAddr = ${local}
[2026/11/25 06:30:01.202] [info] [haLink] read highAvail.heartbeatPort; peerAddr = ${peer}
[2026/11/25 06:30:01.350] [debug] [connectionMgr] connectionMgr connected to ha-link
[2026/11/25 06:30:02.010] [info] [bdbRep] get BDB event DB_EVENT_REP_MASTER
${o.guiLogExtra ?? ''}`
  )
  put(join(D, 'GuiSvr/xdb/data/DB_CONFIG'), 'set_cachesize 0 1048576 1\n')
  put(join(D, 'GuiSvr/xdb/data/container.db'), Buffer.alloc(5000))
  put(join(D, 'GuiSvr/xdb/log/log.0000000001'), Buffer.alloc(3000))
  put(join(D, 'GuiSvr/xdb/init/init.db'), Buffer.alloc(10))
  return { nsmHome: H, nsmData: D, haInit: join(root, 'haSvr') }
}

/** Runs commands with the local /bin/sh (probe unit test only). `cutAfter` drops stdout past N bytes. */
export function localExecutor(opts: { cutAfter?: number } = {}): SshExecutor & { commands: string[] } {
  let total = 0
  const commands: string[] = []
  return {
    commands,
    hostKeySha256: 'SHA256:local',
    get bytesIn() {
      return total
    },
    close() {},
    exec(command: string, o: ExecOptions = {}): Promise<ExecResult> {
      commands.push(command)
      return new Promise((resolve) => {
        const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] })
        let stdout = ''
        let stderr = ''
        let bytes = 0
        let cut = false
        child.stdout.setEncoding('utf8')
        child.stdout.on('data', (c: string) => {
          if (cut) return
          if (opts.cutAfter !== undefined && stdout.length + c.length > opts.cutAfter) {
            c = c.slice(0, opts.cutAfter - stdout.length)
            cut = true
            child.kill('SIGKILL')
          }
          bytes += Buffer.byteLength(c)
          stdout += c
          o.onStdout?.(c)
        })
        child.stderr.on('data', (c: Buffer) => {
          bytes += c.length
          stderr += c.toString()
        })
        child.stdin.end(o.stdin ?? '')
        child.on('close', (code, signal) => {
          total += bytes
          resolve({ code: cut ? null : code, signal: signal ?? undefined, stdout, stderr, bytesIn: bytes })
        })
      })
    }
  }
}

/** Links every program of the system's usual dirs into `bin`, but those named in `without`: a node that lacks them. */
export function linkSystemTools(bin: string, without: string[]): void {
  for (const dir of ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    let names: string[] = []
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) {
      if (without.includes(name)) continue
      try {
        symlinkSync(join(dir, name), join(bin, name))
      } catch {
        // already linked from an earlier dir
      }
    }
  }
}

/** The local executor with `prefix` (e.g. `PATH=… `, `unset LOGNAME;`) before every command. */
export function prefixedExecutor(prefix: string): SshExecutor & { commands: string[] } {
  const inner = localExecutor()
  return { ...inner, exec: (command: string, o?: ExecOptions) => inner.exec(`${prefix} ${command}`, o) }
}
