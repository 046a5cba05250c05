/**
 * fix.resync-standby — KB11264 step 9, only on the standby: stop HaSvr there, move everything in xdb/data
 * except DB_CONFIG and all of xdb/init and xdb/log to a timestamped backup folder (deleted only with an
 * explicit acknowledgement when the disk has no room), start HaSvr and follow the replication until
 * DB_EVENT_REP_STARTUPDONE or the timeout.
 */
import { shQuote as q } from '../../shell/quote'
import { ACTIVE_STATE_ERE, other } from '../context'
import { diskPre, haStatePre, processesPre } from '../preconditions'
import { haStart } from '../sh'
import { empty, step, stopSteps, type Recipe } from './common'

export const resyncStandby: Recipe = (ctx) => {
  const r = empty()
  const target = ctx.options.targetNode ?? ctx.standby
  const source = other(target)
  const X = ctx.f.xdb
  const B = `${X}.backup-${ctx.stamp}`
  r.preconditions.push(
    haStatePre(ctx.f, target, ctx.haStatus(target), {
      id: 'target-is-standby',
      description: `the target node (${target}) is not the active node`,
      refusal: 'target node is the active node',
      states: ACTIVE_STATE_ERE,
      negate: true
    }),
    haStatePre(ctx.f, source, ctx.haStatus(source), {
      id: 'source-is-active',
      description: `the ${source} is the active node (the database is copied from it)`,
      refusal: `the ${source} is not the active node`,
      states: ACTIVE_STATE_ERE
    }),
    processesPre(ctx.f, source, ctx.haStatus(source))
  )
  // room: the standby receives a full copy again while the backup still holds the old one
  const src = ctx.report.nodes[source]?.xdb
  const srcBytes = (src?.dataBytes ?? 0) + (src?.logFiles ?? []).reduce((a, l) => a + l.size, 0)
  const needKiB = Math.ceil((srcBytes * 1.1) / 1024) + 10_240
  const disk = ctx.report.nodes[target]?.disk
  const availKiB = disk ? Math.floor(disk.availBytes / 1024) : undefined
  const room = availKiB !== undefined && availKiB >= needKiB
  const mode: 'move' | 'delete' = room ? 'move' : 'delete'
  if (room) r.preconditions.push(diskPre(target, ctx.pair.paths.nsmData, availKiB, needKiB))
  else {
    r.deleteAcknowledgementRequired = true
    r.notes.push(
      `No room for a backup on the ${target}: ${availKiB === undefined ? 'free space unknown' : `${availKiB} KiB free`}, ${needKiB} KiB needed. ` +
        'The old database files would be DELETED, not moved: this needs the explicit delete acknowledgement.'
    )
  }
  for (const d of ['data', 'init', 'log'])
    r.backups.push({
      node: target,
      what: `xdb/${d}${d === 'data' ? ' (all but DB_CONFIG)' : ''}`,
      from: `${X}/${d}`,
      to: mode === 'move' ? `${B}/${d}` : '(deleted)',
      method: mode
    })
  r.destroys.push(
    mode === 'move'
      ? `the ${target}'s database is moved aside to ${B} (kept) and replaced by a copy of the ${source}'s`
      : `the ${target}'s database files in ${X}/data (all but DB_CONFIG), ${X}/init and ${X}/log are DELETED`,
    `changes made only on the ${target} since it diverged are lost`
  )
  const finds = (to: string | null) =>
    [
      `find ${q(`${X}/data`)} -mindepth 1 -maxdepth 1 ! -name DB_CONFIG ${to ? `-exec mv -f -- {} ${q(`${to}/data/`)} \\;` : '-exec rm -rf -- {} +'}`,
      `find ${q(`${X}/init`)} -mindepth 1 -maxdepth 1 ${to ? `-exec mv -f -- {} ${q(`${to}/init/`)} \\;` : '-exec rm -rf -- {} +'}`,
      `find ${q(`${X}/log`)} -mindepth 1 -maxdepth 1 ${to ? `-exec mv -f -- {} ${q(`${to}/log/`)} \\;` : '-exec rm -rf -- {} +'}`
    ].join(' && ')
  const guard = `if ${q(ctx.f.haInit)} status >/dev/null 2>&1; then echo 'refusing: HaSvr still runs on this node'; exit 1; fi; for d in data init log; do [ -d ${q(X)}/"$d" ] || { echo "missing: "${q(X)}/"$d"; exit 1; }; done`
  const count = `echo "left: $(ls -A ${q(`${X}/data`)} | tr '\\n' ' ')(xdb/data), $(ls -A ${q(`${X}/init`)} | wc -l) in xdb/init, $(ls -A ${q(`${X}/log`)} | wc -l) in xdb/log"`
  const clear =
    mode === 'move'
      ? `${guard}; mkdir -p ${q(`${B}/data`)} ${q(`${B}/init`)} ${q(`${B}/log`)} && ${finds(B)} && echo "moved to "${q(B)}": $(ls -A ${q(`${B}/data`)} | wc -l) data, $(ls -A ${q(`${B}/init`)} | wc -l) init, $(ls -A ${q(`${B}/log`)} | wc -l) log files" && ${count}`
      : `${guard}; ${finds(null)} && echo 'deleted (no room for a backup)' && ${count}`
  const L = q(ctx.f.guiLog)
  const follow = [
    `n=$(wc -l < ${L} 2>/dev/null || echo 0); n=$(echo $n);`,
    `${haStart(ctx.f)} || exit 1;`,
    `i=0; while [ "$i" -lt ${ctx.waitS} ]; do`,
    `c=$(wc -l < ${L} 2>/dev/null || echo 0); c=$(echo $c); [ "$c" -ge "$n" ] || n=0;`,
    `if tail -n +$((n+1)) ${L} 2>/dev/null | grep -q 'DB_EVENT_REP_STARTUPDONE'; then echo "replication complete (DB_EVENT_REP_STARTUPDONE) after $i s"; exit 0; fi;`,
    `if tail -n +$((n+1)) ${L} 2>/dev/null | grep -q 'DB_PANIC'; then echo 'DB_PANIC during the re-sync'; exit 1; fi;`,
    `if [ $((i % 5)) -eq 0 ]; then echo "replicating: $(ls -A ${q(`${X}/data`)} | wc -l) files in xdb/data"; fi;`,
    `sleep 1; i=$((i+1)); done; echo "no DB_EVENT_REP_STARTUPDONE after ${ctx.waitS} s: replication may still be running (follow repl.data-progress)"; exit 1`
  ].join(' ')
  r.steps.push(
    ...stopSteps(ctx, target, `HaSvr stopped on the ${target}; its database untouched; the ${source} active`),
    step(
      `clear-${target}`,
      target,
      mode === 'move' ? 'backup' : 'change',
      mode === 'move'
        ? `Move the ${target}'s database to ${B} (DB_CONFIG stays)`
        : `DELETE the ${target}'s database files (DB_CONFIG stays)`,
      clear,
      `HaSvr stopped on the ${target}; its xdb/data (but DB_CONFIG), xdb/init and xdb/log are empty${mode === 'move' ? ` (old files in ${B})` : ''}`
    ),
    step(
      `start-follow-${target}`,
      target,
      'wait',
      `Start HaSvr on the ${target} and follow the replication until DB_EVENT_REP_STARTUPDONE (${ctx.waitS} s at most)`,
      follow,
      `HaSvr running on the ${target}, database re-synchronised from the ${source}`,
      { timeoutMs: (ctx.waitS + 60) * 1000 }
    )
  )
  r.notes.push(
    `Target: the ${target} (${ctx.options.targetNode ? 'chosen' : 'the standby of the latest run'}); active: the ${ctx.active} (${ctx.activeFrom}).`
  )
  return r
}
