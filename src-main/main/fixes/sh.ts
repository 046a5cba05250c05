/**
 * Builders of the exact POSIX sh command text of fix steps. Every variable part is validated by the caller
 * (validate.ts) and quoted here with shQuote; the rest are constants of this file.
 */
import { shQuote as q } from '../shell/quote'
import type { NsmPaths } from '../../shared/domain/pair'
import { safeCfgKey, safePath, safeUser } from './validate'

export interface Files {
  haInit: string
  haStatus: string
  haSvrCfg: string
  guiSvrCfg: string
  doDirect: string
  doDirectResult: string
  viewer: string
  guiLog: string
  xdb: string
}

export function files(paths: NsmPaths): Files {
  const H = safePath(paths.nsmHome, 'NSM home')
  const D = safePath(paths.nsmData, 'NSM data root')
  return {
    haInit: safePath(paths.haInit, 'HA init script'),
    haStatus: `${H}/HaSvr/utils/haStatus`,
    haSvrCfg: `${H}/HaSvr/var/haSvr.cfg`,
    guiSvrCfg: `${H}/GuiSvr/var/guiSvr.cfg`,
    doDirect: `${H}/HaSvr/bin/.haDoDirect`,
    doDirectResult: `${H}/HaSvr/bin/.haDoDirect.result`,
    viewer: `${H}/GuiSvr/utils/.xdbViewEdit.sh`,
    guiLog: `${H}/GuiSvr/var/errorLog/guiDaemon.0`,
    xdb: `${D}/GuiSvr/xdb`
  }
}

/** Copy a file beside itself as FILE.STAMP.bak (keeps mode and times). Fails when the file is missing. */
export function backupCopy(file: string, stamp: string): string {
  const f = q(file)
  const b = q(`${file}.${stamp}.bak`)
  return `cp -p ${f} ${b} && echo "backup: "${b}`
}

/** Same, but a missing file is fine (nothing to back up). */
export function backupCopyIfExists(file: string, stamp: string): string {
  return `if [ -f ${q(file)} ]; then ${backupCopy(file, stamp)}; else echo "nothing to back up: "${q(file)}; fi`
}

const SET_AWK =
  'BEGIN { k = ENVIRON["NSMHAD_K"]; v = ENVIRON["NSMHAD_V"]; done = 0 } ' +
  '{ t = $0; sub(/\\r$/, "", t); sub(/^[ \\t]+/, "", t); key = t; sub(/[ \\t=].*$/, "", key); ' +
  'if (substr(t, 1, 1) != "#" && key == k) { if (!done) print k " " v; done = 1; next } print } ' +
  'END { if (!done) print k " " v }'

/**
 * Set `key value` in an NSM .cfg (every duplicate collapsed into one line, appended when absent). The value is
 * the shell expression `valueExpr` (a quoted literal or "$v"); it reaches awk through the environment, so
 * backslashes are not interpreted. The file is rewritten in place (owner and mode kept). The temporary copy
 * holds the whole file, HMAC key included: it is created 0600 from the start (umask 077, a leftover removed
 * first) and removed afterwards.
 */
export function setCfgValue(file: string, key: string, valueExpr: string): string {
  const f = q(file)
  const tmp = q(`${file}.nsmhad-tmp`)
  return `(umask 077 && rm -f ${tmp} && NSMHAD_K=${q(safeCfgKey(key))} NSMHAD_V=${valueExpr} awk ${q(SET_AWK)} ${f} > ${tmp}) && cat ${tmp} > ${f} && rm -f ${tmp}`
}

/** Print the (non-secret) line of `key` in a cfg. */
export function showCfgLine(file: string, key: string): string {
  return `grep -n -E ${q(`^[[:space:]]*${safeCfgKey(key).replace(/\./g, '\\.')}([[:space:]=]|$)`)} ${q(file)}`
}

/** The value of a cfg key (last occurrence), like the probe's cfgval; prints nothing when unset. */
export function readCfgValue(file: string, key: string): string {
  const awk =
    'BEGIN { k = ENVIRON["NSMHAD_K"] } { sub(/\\r$/, ""); sub(/^[ \\t]+/, ""); if (substr($0, 1, 1) == "#") next; ' +
    'key = $0; sub(/[ \\t=].*$/, "", key); if (key != k) next; val = substr($0, length(key) + 1); ' +
    'sub(/^[ \\t]*=?[ \\t]*/, "", val); sub(/[ \\t]+$/, "", val); last = val; f = 1 } END { if (f) print last }'
  return `NSMHAD_K=${q(safeCfgKey(key))} awk ${q(awk)} ${q(file)}`
}

/** Stop HA when it runs (LSB status 0); say so when it already is stopped. */
export function haStop(f: Files): string {
  const i = q(f.haInit)
  return `if ${i} status >/dev/null 2>&1; then ${i} stop; else echo "haSvr already stopped"; fi`
}

export function haStart(f: Files): string {
  const i = q(f.haInit)
  return `if ${i} status >/dev/null 2>&1; then echo "haSvr already running"; else ${i} start; fi`
}

/** Print haStatus (it exits 1 when HA is stopped: that is a reading, not a failure). */
export function haStatusCmd(f: Files): string {
  return `${q(f.haStatus)} 2>&1; echo "haStatus rc=$?"`
}

/**
 * Wait until haStatus' `Local Server` state matches `stateEre` (case-insensitive), printing the line as it
 * changes; exit 1 after `seconds`.
 */
export function waitLocalState(f: Files, stateEre: string, seconds: number, what: string): string {
  const hs = q(f.haStatus)
  return [
    `i=0; last=; while [ "$i" -lt ${Math.max(1, Math.floor(seconds))} ]; do`,
    `l=$(${hs} 2>/dev/null | grep -i 'local server' | head -n 1);`,
    `[ "$l" = "$last" ] || { printf '%s\\n' "$l"; last=$l; };`,
    `if printf '%s\\n' "$l" | grep -q -i -E ${q(stateEre)}; then echo ${q(`${what}: ok`)}; exit 0; fi;`,
    `sleep 1; i=$((i+1)); done; echo ${q(`${what}: timed out after ${seconds} s`)}; exit 1`
  ].join(' ')
}

/** Wait until haStatus shows HA stopped on this node (Process highAvail : stopped, or status != 0). */
export function waitStopped(f: Files, seconds: number): string {
  const i = q(f.haInit)
  return `n=0; while ${i} status >/dev/null 2>&1; do n=$((n+1)); if [ "$n" -ge ${seconds} ]; then echo "haSvr still running after ${seconds} s"; exit 1; fi; sleep 1; done; echo "haSvr stopped"`
}

/** Run `script` as `user`: directly when logged in as it, through su as root, else sudo -n. */
export function asUser(user: string, script: string): string {
  const u = q(safeUser(user))
  const s = q(script)
  return `if [ "$(id -un)" = ${u} ]; then sh -c ${s}; elif [ "$(id -u)" = 0 ]; then su -s /bin/sh -c ${s} ${u}; else sudo -n -u ${u} sh -c ${s}; fi`
}

/** The viewer's one-time password (step 11, docs/nsm-formats.md A-9), read-only. Prints only the value. */
export function viewerOtp(f: Files): string {
  return `printf 'r\\n7\\n0.shadow_server.2\\n0\\n' | ${q(f.viewer)} 2>/dev/null | sed -n 's/^[[:space:]]*:clientOneTimePassword[[:space:]]*(\\(.*\\))[[:space:]]*$/\\1/p' | tail -n 1`
}
