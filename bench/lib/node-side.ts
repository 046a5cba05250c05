/**
 * What one probe costs the node, measured on the node's side (no SSH): the probe run on a simulated node's
 * tree exactly as sshd would run it (the node's login shell, env.sh, `sh -c <probe>`), under a wrapper shell
 * that waits for it and then reads its own /proc/self/io and /proc/self/stat.
 *
 * - bytes read: `rchar` of the wrapper after the probe's tree ended. Linux adds a reaped child's I/O counters
 *   (and those of the children it reaped) to its parent's, so the wrapper's `rchar` is the sum over every
 *   process of the tree that was waited for (all of the probe's). `rchar` counts every read(2): files, and
 *   also pipes between the probe's own programs — an upper bound of the bytes read from files.
 * - CPU seconds: the wrapper's `cutime + cstime` (fields 16 and 17 of /proc/self/stat, clock ticks), the
 *   same sum over the waited-for tree.
 * - program starts: a separate run under `strace -f -e trace=execve,fork,vfork,clone,clone3`: the successful
 *   execve calls of the tree, less those made by the simulated node's own programs (env.sh's entry, haStatus,
 *   the init script, the DB viewer, the ssh/su shims and what they start), which a real node runs too
 *   but are not the probe's. `n/a` when strace is not installed.
 * - wall time: from spawn to exit of the un-traced run.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildProbeScript } from '../../src-main/main/diagnostics/probe-script'
import { probeCommand } from '../../src-main/main/diagnostics/probe'
import type { SimNodeInfo } from '../../src-main/simulator/index'
import type { NodeRole } from '../../src-main/shared/domain/check'

export interface NodeCost {
  wallMs: number
  rcharBytes: number
  cpuSeconds: number
  /** undefined when strace is missing */
  programStarts?: number
  /** what the programs were, by name, for the note */
  programs?: Record<string, number>
  load: string
}

function hz(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
  } catch {
    return 100
  }
}

export function loadNow(): string {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
}

function argv(n: SimNodeInfo, role: NodeRole): { cmd: string[]; env: NodeJS.ProcessEnv } {
  const script = buildProbeScript({ role, paths: { nsmHome: n.nsmHome, nsmData: n.nsmData, haInit: n.haInit }, nonce: 'bench0001' })
  return {
    cmd: ['/bin/sh', join(n.root, '.sim/env.sh'), probeCommand(script)],
    env: { ...process.env, SIM_USER: n.user, SIM_ROOT: n.root, LANG: 'C.UTF-8' }
  }
}

/** One probe on the node's tree: wall time, rchar and CPU of its process tree. */
function measured(n: SimNodeInfo, role: NodeRole): Promise<{ wallMs: number; rcharBytes: number; cpuSeconds: number }> {
  const { cmd, env } = argv(n, role)
  // the wrapper waits for the probe (its output thrown away), then prints its own counters
  const wrapper =
    '"$@" >/dev/null 2>&1 </dev/null; read -r st </proc/self/stat; echo "stat $st"; while read -r k v; do echo "io $k $v"; done </proc/self/io'
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    const c = spawn('/bin/sh', ['-c', wrapper, 'probe', ...cmd], { env, stdio: ['ignore', 'pipe', 'ignore'] })
    let out = ''
    c.stdout.on('data', (d: Buffer) => (out += d.toString()))
    c.on('error', reject)
    c.on('close', () => {
      const wallMs = performance.now() - t0
      const rchar = Number(/^io rchar: (\d+)$/m.exec(out)?.[1] ?? NaN)
      const stat = /^stat (.*)$/m.exec(out)?.[1] ?? ''
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // after ") ": state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17): index = field − 3
      const cpu = (Number(f[16 - 3]) + Number(f[17 - 3])) / hz()
      resolve({ wallMs, rcharBytes: rchar, cpuSeconds: cpu })
    })
  })
}

/** Program starts of one probe: execve calls of its tree under strace, less the simulated node's own programs. */
function programStarts(n: SimNodeInfo, role: NodeRole): { count: number; programs: Record<string, number> } | undefined {
  const hasStrace = spawnSync('sh', ['-c', 'command -v strace'], { stdio: 'ignore' }).status === 0
  if (!hasStrace) return undefined
  const { cmd, env } = argv(n, role)
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-strace-'))
  try {
    const out = join(dir, 'trace')
    spawnSync('strace', ['-f', '-qq', '-e', 'trace=execve,fork,vfork,clone,clone3', '-o', out, ...cmd], { env, stdio: 'ignore' })
    const parent = new Map<number, number>()
    const node = new Set<number>()
    // the simulated node's own programs: NSM's scripts and the OS stand-ins, whatever they start
    const nodeProgram = (path: string): boolean =>
      path.startsWith(join(n.root, '.sim/')) || /\/(haStatus|haSvr|\.xdbViewEdit\.sh)$/.test(path)
    const programs: Record<string, number> = {}
    let count = 0
    const pending: [number, string][] = []
    // a call interrupted by another process' line is split: `… <unfinished ...>`, later `<... execve resumed>…`
    const unfinished = new Map<number, string>()
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      const m = /^(\d+)\s+(.*)$/.exec(line)
      if (!m) continue
      const pid = Number(m[1])
      let rest = m[2]
      if (rest.endsWith('<unfinished ...>')) {
        unfinished.set(pid, rest.slice(0, -'<unfinished ...>'.length))
        continue
      }
      const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(rest)
      if (resumed) {
        rest = (unfinished.get(pid) ?? '') + resumed[1]
        unfinished.delete(pid)
      }
      const child = /^(?:clone3?|v?fork)\(.*\)\s+=\s+(\d+)$/.exec(rest)
      if (child) {
        parent.set(Number(child[1]), pid)
        continue
      }
      const ex = /^execve\("([^"]+)".*\)\s+=\s+0$/.exec(rest)
      if (ex) pending.push([pid, ex[1]])
    }
    // the first execve is the node's login shell running env.sh (the node's, as is what it starts before its
    // second execve, `/bin/sh -c <command>`, whose child is the probe's shell). A program the probe starts counts once; when it is one of the node's own
    // (NSM's scripts, the OS stand-ins) what it runs in turn is the node's.
    const ancestorIsNode = (pid: number): boolean => {
      for (let p: number | undefined = pid, i = 0; p !== undefined && i < 1000; p = parent.get(p), i++) if (node.has(p)) return true
      return false
    }
    const root = pending[0]?.[0]
    let rootExecs = 0
    for (const [pid, path] of pending) {
      if (pid === root) {
        // env.sh, then its `exec /bin/sh -c <command>` (sshd's login shell on a real node): neither is the probe's
        rootExecs++
        if (rootExecs === 1) node.add(pid)
        else node.delete(pid)
        continue
      } else if (ancestorIsNode(pid)) continue
      if (nodeProgram(path)) node.add(pid)
      count++
      const name = path.split('/').pop() ?? path
      programs[name] = (programs[name] ?? 0) + 1
    }
    return { count, programs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The node's side of one probe: a traced run for the program starts, then the measured run (median of `runs`). */
export async function nodeCost(n: SimNodeInfo, role: NodeRole, runs = 3): Promise<NodeCost> {
  const starts = programStarts(n, role)
  const all: { wallMs: number; rcharBytes: number; cpuSeconds: number; load: string }[] = []
  for (let i = 0; i < runs; i++) {
    const load = loadNow()
    all.push({ ...(await measured(n, role)), load })
  }
  all.sort((a, b) => a.wallMs - b.wallMs)
  const mid = all[Math.floor(all.length / 2)]
  return { ...mid, ...(starts ? { programStarts: starts.count, programs: starts.programs } : {}) }
}
