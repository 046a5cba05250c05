/**
 * Database replication of the simulated standby, observable the way KB11264 step 8 describes it: the
 * standby's xdb/data files appear and grow (name order, a steady number of bytes per tick) until they
 * equal the primary's, then xdb/log and xdb/init are copied, `DB_EVENT_REP_STARTUPDONE` is logged to
 * guiDaemon.0 and db-repl turns in-sync. One script (`.sim/bin/sim-resync`) does it for both cases:
 * - a re-sync: `haSvr start` on a standby whose xdb/data holds only DB_CONFIG (fix.resync-standby, step 9)
 *   launches it; it logs NEWMASTER first. Duration: `resyncSeconds` (default 2.5 s).
 * - the `replication-in-progress` scenario: the pair launches it with `--continue` on the secondary, which
 *   is at 40 %; it completes after `inProgressSeconds` (default 15 min, so the scenario holds in tests).
 * Both durations are per pair (setReplicationPace) or from NSM_SIM_RESYNC_SECONDS /
 * NSM_SIM_IN_PROGRESS_SECONDS. Growth writes a temp file beside xdb/data and renames it in, so a reader
 * never sees a file shrink.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { NodeRole } from '../shared/domain/check'
import type { ScenarioName } from '../shared/domain/scenario'

/** a node's root, as tree.ts's nodePaths lays it out (not imported: scripts.ts imports this file) */
const rootOf = (dir: string, role: NodeRole): string => join(dir, role)

export interface ReplicationPace {
  /** a re-sync of a cleared standby takes this long (default 2.5 s) */
  resyncSeconds?: number
  /** the replication-in-progress scenario completes after this long (default 900 s) */
  inProgressSeconds?: number
}

export const DEFAULT_RESYNC_SECONDS = 2.5
export const DEFAULT_IN_PROGRESS_SECONDS = 900

const paces = new Map<string, ReplicationPace>()

function envSeconds(name: string): number | undefined {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : undefined
}

function paceOf(dir: string): Required<ReplicationPace> {
  const p = paces.get(dir) ?? {}
  return {
    resyncSeconds: p.resyncSeconds ?? envSeconds('NSM_SIM_RESYNC_SECONDS') ?? DEFAULT_RESYNC_SECONDS,
    inProgressSeconds: p.inProgressSeconds ?? envSeconds('NSM_SIM_IN_PROGRESS_SECONDS') ?? DEFAULT_IN_PROGRESS_SECONDS
  }
}

function writePace(dir: string): void {
  const { resyncSeconds } = paceOf(dir)
  for (const role of ['primary', 'secondary'] as const) {
    const state = join(rootOf(dir, role), '.sim/state')
    mkdirSync(state, { recursive: true })
    writeFileSync(join(state, 'resync-seconds'), `${resyncSeconds}\n`)
  }
}

/** Set how long replications of the pair in `dir` take (applies to the next re-sync / scenario switch). */
export function setReplicationPace(dir: string, pace: ReplicationPace): void {
  paces.set(dir, { ...paces.get(dir), ...pace })
  writePace(dir)
}

/** Forget the pace of a stopped pair. */
export function forgetReplicationPace(dir: string): void {
  paces.delete(dir)
}

/**
 * After the trees of `dir` were (re)written for `scenario`: record the re-sync pace on both nodes, and for
 * replication-in-progress start the secondary's replication where the scenario left it. Returns the
 * launch timer (cancel it with clearTimeout/clearInterval); the process itself is stopped with the pair's
 * other background processes (resync.pid).
 */
export function startReplication(dir: string, scenario: ScenarioName): NodeJS.Timeout | undefined {
  writePace(dir)
  if (scenario !== 'replication-in-progress') return undefined
  const root = rootOf(dir, 'secondary')
  const seconds = paceOf(dir).inProgressSeconds
  return setTimeout(() => {
    try {
      const child = spawn('/bin/sh', [join(root, '.sim/bin/sim-resync'), '--continue', String(seconds)], {
        detached: true,
        stdio: 'ignore',
        env: { ...process.env, PATH: `${join(root, '.sim/bin')}:${process.env.PATH ?? '/usr/bin:/bin'}` }
      })
      if (child.pid) writeFileSync(join(root, '.sim/state/resync.pid'), `${child.pid}\n`)
      child.on('error', () => {})
      child.unref()
    } catch {
      // the tree is being removed (pair stopped)
    }
  }, 0)
}

/**
 * The body of `.sim/bin/sim-resync` (after node.env and the shared shell helpers: `guilog`). Arguments:
 * `--continue [SECONDS]` = go on from what the standby already has, without a new NEWMASTER.
 */
export const RESYNC_BODY = String.raw`S=$SIM_ROOT/.sim/state
SRC=$SIM_PEER_ROOT/var/netscreen/GuiSvr/xdb
DST=$NSM_DATA/GuiSvr/xdb
secs=; read -r secs 2>/dev/null <"$S/resync-seconds"
if [ "$1" = --continue ]; then [ -z "$2" ] || secs=$2; else sleep 0.4; guilog info bdbRep "get BDB event DB_EVENT_REP_NEWMASTER"; fi
[ -n "$secs" ] || secs=2.5
# the primary's data files (DB_CONFIG aside) in name order: name, size, what the standby has already
list=$(cd "$SRC/data" 2>/dev/null && for f in *; do
  [ "$f" = DB_CONFIG ] || [ ! -f "$f" ] && continue
  c=0; [ -f "$DST/data/$f" ] && c=$(( $(wc -c < "$DST/data/$f") + 0 ))
  echo "$f $(( $(wc -c < "$f") + 0 )) $c"
done)
N=$(awk -v s="$secs" 'BEGIN { n = int(s * 4 + 0.5); if (n < 3) n = 3; if (n > 400) n = 400; print n }')
P=$(awk -v s="$secs" -v n="$N" 'BEGIN { p = (s - 0.2) / n; if (p < 0.01) p = 0.01; printf "%.3f", p }')
i=1
while [ "$i" -le "$N" ]; do
  # tick i of N: the missing bytes, in name order, filled up to i/N of them; only files that change
  printf '%s\n' "$list" | awk -v i="$i" -v n="$N" 'NF == 3 { k++; name[k] = $1; size[k] = $2; cur[k] = $3 < $2 ? $3 : $2; miss += size[k] - cur[k] }
    END { for (j = 1; j <= k; j++) { m = size[j] - cur[j]
      a = miss * i / n - acc; if (a < 0) a = 0; if (a > m) a = m
      b = miss * (i - 1) / n - acc; if (b < 0) b = 0; if (b > m) b = m
      now = i == n ? size[j] : cur[j] + int(a); before = cur[j] + int(b)
      if (now != before) print name[j], now; acc += m } }' |
  while read -r f n; do head -c "$n" "$SRC/data/$f" > "$DST/.sim-resync-part" && mv -f "$DST/.sim-resync-part" "$DST/data/$f"; done
  sleep "$P"
  i=$((i + 1))
done
for d in log init; do
  for f in "$SRC/$d"/*; do [ -f "$f" ] && cp "$f" "$DST/.sim-resync-part" && mv -f "$DST/.sim-resync-part" "$DST/$d/$(basename "$f")"; done
done
sleep 0.2
guilog info bdbRep "get BDB event DB_EVENT_REP_STARTUPDONE"
echo in-sync > "$S/repl"
rm -f "$S/resync.pid"
`
