/**
 * The probe: ONE POSIX sh script per node (dash-clean, no bashisms), run as `sh -c`, that prints framed
 * sections `@@NSMHAD-<nonce> <name> begin@@` … `@@NSMHAD-<nonce> <name> end rc=<n>@@`. Every command
 * reads /dev/null, long-running ones run under `timeout` when present, every section is cut with
 * `head -c`, and logs are searched on the server so their size barely changes the output.
 * Values read from the server's config (rsync user, pingable IP, peer address) are extracted by awk,
 * validated against a strict character set and always used quoted.
 */
import { shQuote } from '../shell/quote'
import type { NodeRole } from '../../shared/domain/check'
import type { NsmPaths } from '../../shared/domain/pair'
import { GUI_AWK_KINDS, GUI_GREP_ERE } from './parsers/guilog'
import { HALOG_GREP_ERE } from './parsers/halog'
import type { SectionName } from './types'

export interface ProbeOptions {
  role: NodeRole
  paths: NsmPaths
  nonce: string
}

/** lines kept per guiDaemon.0 event kind, and of ha.log */
export const GUI_KEEP_PER_KIND = 6
export const HALOG_KEEP = 40
export const CFG_MAX_BYTES = 262_144

/** Where each section's evidence comes from (file path or the command), for a node's paths. */
export function sectionSources(paths: NsmPaths): Record<SectionName, string> {
  const H = paths.nsmHome
  const D = paths.nsmData
  return {
    identity: 'id -un; hostname; date +%s',
    'cfg.haSvr': `${H}/HaSvr/var/haSvr.cfg`,
    'cfg.guiSvr': `${H}/GuiSvr/var/guiSvr.cfg`,
    'cfg.devSvr': `${H}/DevSvr/var/devSvr.cfg`,
    hastatus: `${H}/HaSvr/utils/haStatus`,
    version: `${H}/GuiSvr/var/version`,
    'ssh-version': 'ssh -V',
    'rsync-version': 'rsync --version',
    addresses: 'ip -o addr show',
    passwd: 'getent passwd',
    ping: 'ping -c 1 -W 2',
    trust: 'ssh -o BatchMode=yes -o ConnectTimeout=5',
    dodirect: `${H}/HaSvr/bin/.haDoDirect.result`,
    halog: `${H}/HaSvr/var/errorLog/ha.log`,
    guilog: `${H}/GuiSvr/var/errorLog/guiDaemon.0`,
    'xdb-data': `ls -ln ${D}/GuiSvr/xdb/data`,
    'xdb-log': `ls -ln ${D}/GuiSvr/xdb/log`,
    'xdb-init': `ls -ln ${D}/GuiSvr/xdb/init`,
    df: `df -Pk ${D}`,
    'shared-disk': '/proc/mounts',
    viewer: `${H}/GuiSvr/utils/.xdbViewEdit.sh (r, 7, 0.shadow_server.2)`
  }
}

function guiAwk(): string {
  const conds = GUI_AWK_KINDS.map(([kind, re], i) => `${i === 0 ? 'if' : 'else if'} ($0 ~ /${re}/) k="${kind}"`)
  return [
    `{ k=""; ${conds.join('; ')}; if (k == "") next; c[k]++; b[k, c[k] % K] = $0 }`,
    'END { for (k in c) { print "0:#count " k " " c[k]; n = c[k] < K ? c[k] : K;',
    'for (i = c[k] - n + 1; i <= c[k]; i++) print b[k, i % K] } }'
  ].join(' ')
}

/** The probe script for one node. */
export function buildProbeScript(opts: ProbeOptions): string {
  if (!/^[A-Za-z0-9]{4,64}$/.test(opts.nonce)) throw new Error('probe nonce must be 4-64 letters/digits')
  const { nsmHome, nsmData } = opts.paths
  const CFGVAL_AWK =
    'BEGIN { lk = tolower(k) } { sub(/\\r$/, ""); sub(/^[ \\t]+/, ""); if (substr($0, 1, 1) == "#") next; ' +
    'key = $0; sub(/[ \\t=].*$/, "", key); if (tolower(key) != lk) next; val = substr($0, length(key) + 1); ' +
    'sub(/^[ \\t]*=?[ \\t]*/, "", val); sub(/[ \\t]+$/, "", val); last = val; f = 1 } END { if (f) print last }'
  const lines = [
    'exec 4>&1',
    'LC_ALL=C; export LC_ALL',
    `N=${shQuote(`@@NSMHAD-${opts.nonce}`)}`,
    `H=${shQuote(nsmHome)}`,
    `D=${shQuote(nsmData)}`,
    `ROLE=${shQuote(opts.role)}`,
    'TO=; if command -v timeout >/dev/null 2>&1; then TO=1; fi',
    't() { s=$1; shift; if [ -n "$TO" ]; then timeout "$s" "$@"; else "$@"; fi; }',
    // sec NAME LIMIT FUNC: frame, cap, keep the exit code of FUNC (not of head)
    'sec() { printf \'%s %s begin@@\\n\' "$N" "$1"; r=$( { { "$3" </dev/null 2>&1; echo $? >&3; } | head -c "$2" >&4; } 3>&1 ); [ -n "$r" ] || r=255; printf \'\\n%s %s end rc=%s@@\\n\' "$N" "$1" "$r"; }',
    'fsize() { wc -c <"$1" 2>/dev/null | tr -d \' \'; }',
    `cfgval() { f=$1; shift; [ -r "$f" ] || return 1; for k in "$@"; do v=$(awk -v k="$k" '${CFGVAL_AWK}' "$f" 2>/dev/null | head -c 512); if [ -n "$v" ]; then printf '%s' "$v"; return 0; fi; done; return 1; }`,
    'okname() { case $1 in \'\'|-*|*[!A-Za-z0-9._-]*) return 1;; esac; return 0; }',
    'okaddr() { case $1 in \'\'|-*|*[!A-Za-z0-9.:-]*) return 1;; esac; return 0; }',
    's_identity() { printf \'now=%s\\nuser=%s\\nuid=%s\\nhost=%s\\n\' "$(date +%s)" "$(id -un)" "$(id -u)" "$(hostname 2>/dev/null || uname -n)"; }',
    // canread PATH [dir]: say why a file/dir cannot be read (missing vs permission denied)
    'canread() { if [ ! -e "$1" ]; then echo "missing: $1"; return 2; fi; if [ ! -r "$1" ] || { [ -n "$2" ] && [ ! -x "$1" ]; }; then echo "not readable (permission denied): $1"; return 2; fi; return 0; }',
    `s_cfg() { canread "$CF" || return 2; printf 'size=%s\\n' "$(fsize "$CF")"; head -c ${CFG_MAX_BYTES} "$CF"; }`,
    's_hastatus() { printf \'%s\\n\' "$HS"; return "$HSRC"; }',
    's_version() { if [ -e "$H/GuiSvr/var/version" ]; then canread "$H/GuiSvr/var/version" || return 2;  head -c 200 "$H/GuiSvr/var/version"; elif command -v rpm >/dev/null 2>&1; then rpm -qa 2>/dev/null | grep -i netscreen | grep -i gui | head -n 3; else echo "missing: $H/GuiSvr/var/version"; return 2; fi; }',
    's_sshv() { t 10 ssh -V; }',
    's_rsyncv() { v=$(t 10 rsync --version 2>&1); r=$?; printf \'%s\\n\' "$v" | head -n 2; return $r; }',
    's_addrs() { if command -v ip >/dev/null 2>&1; then ip -o addr show; else hostname -I; fi; }',
    'HC=$H/HaSvr/var/haSvr.cfg',
    'RU=$(cfgval "$HC" highAvail.rsyncUser); okname "$RU" || RU=',
    'PIP=$(cfgval "$HC" highAvail.pingableIp highAvail.pingableIpAddr highAvail.pingIp); okaddr "$PIP" || PIP=',
    'PEER=$(cfgval "$HC" highAvail.peerIpAddr highAvail.peerAddr highAvail.peerIp); okaddr "$PEER" || PEER=',
    'SD=$(cfgval "$HC" highAvail.sharedDisk); MP=$(cfgval "$HC" highAvail.sharedDiskMountPoint)',
    's_passwd() { [ -n "$RU" ] || { echo "@skip highAvail.rsyncUser not set"; return 3; }; printf \'user=%s\\n\' "$RU"; if command -v getent >/dev/null 2>&1; then t 10 getent passwd "$RU"; else awk -F: -v u="$RU" \'$1 == u { print; f = 1 } END { exit !f }\' /etc/passwd; fi; }',
    's_ping() { [ -n "$PIP" ] || { echo "@skip highAvail.pingableIp not set"; return 3; }; printf \'target=%s\\n\' "$PIP"; t 10 ping -c 1 -W 2 "$PIP"; }',
    's_trust() { [ -n "$RU" ] || { echo "@skip highAvail.rsyncUser not set"; return 3; }; [ -n "$PEER" ] || { echo "@skip highAvail.peerIpAddr not set"; return 3; }; printf \'user=%s\\npeer=%s\\n\' "$RU" "$PEER";' +
      ' if [ "$(id -un)" = "$RU" ]; then t 20 ssh -o BatchMode=yes -o ConnectTimeout=5 -l "$RU" "$PEER" true;' +
      ' elif [ "$(id -u)" = 0 ]; then t 20 su -s /bin/sh -c "ssh -o BatchMode=yes -o ConnectTimeout=5 -l \'$RU\' \'$PEER\' true" "$RU";' +
      ' else t 20 sudo -n -u "$RU" ssh -o BatchMode=yes -o ConnectTimeout=5 -l "$RU" "$PEER" true; fi; }',
    's_dodirect() { f=$H/HaSvr/bin/.haDoDirect.result; canread "$f" || return 2; head -c 4096 "$f"; }',
    `s_halog() { f=$H/HaSvr/var/errorLog/ha.log; printf 'path=%s\\n' "$f"; canread "$f" || return 2; printf 'size=%s\\n' "$(fsize "$f")"; s=$(t 60 grep -a -n 'SUCCESS' "$f" | grep -a -v 'ERROR' | tail -n 1 | cut -c 1-500); [ -z "$s" ] || printf 'success=%s\\n' "$s"; t 60 grep -a -n -E ${shQuote(HALOG_GREP_ERE)} "$f" | tail -n ${HALOG_KEEP} | cut -c 1-500; return 0; }`,
    `s_guilog() { f=; for c in "$H/GuiSvr/var/errorLog/guiDaemon.0" "$D/GuiSvr/errorLog/guiDaemon.0"; do if [ -e "$c" ]; then f=$c; break; fi; done; [ -n "$f" ] || f=$H/GuiSvr/var/errorLog/guiDaemon.0; printf 'path=%s\\n' "$f"; canread "$f" || return 2; printf 'size=%s\\n' "$(fsize "$f")"; t 120 grep -a -n -E ${shQuote(GUI_GREP_ERE)} "$f" | cut -c 1-300 | awk -v K=${GUI_KEEP_PER_KIND} ${shQuote(guiAwk())} | sort -t: -k1,1n; return 0; }`,
    's_xdata() { d=$D/GuiSvr/xdb/data; canread "$d" x || return 2; ls -ln "$d" | awk \'/^-/ { n++; b += $5 } END { printf "%d %.0f\\n", n, b }\'; }',
    's_xlog() { d=$D/GuiSvr/xdb/log; canread "$d" x || return 2; ls -ln "$d" | awk \'/^-/ { print $5, $NF }\' | tail -n 200; }',
    's_xinit() { d=$D/GuiSvr/xdb/init; canread "$d" x || return 2; ls -ln "$d" | awk \'/^-/ { n++; b += $5 } END { printf "%d %.0f\\n", n, b }\'; }',
    's_df() { d=$D; while [ ! -e "$d" ] && [ "$d" != / ]; do d=$(dirname "$d"); done; t 10 df -Pk "$d"; }',
    's_shared() { case $SD in \'\'|n|N|no|No|NO|none) echo "@skip no shared disk configured"; return 0;; esac; printf \'device=%s\\nmount=%s\\n\' "$SD" "$MP"; [ -n "$MP" ] || return 3; awk -v m="$MP" -v d="$SD" \'$2 == m { print; f = 1 } END { exit !f }\' /proc/mounts; }',
    's_viewer() { [ -n "$ACTIVE" ] || { echo "@skip not the active node"; return 0; }; v=$H/GuiSvr/utils/.xdbViewEdit.sh; [ -x "$v" ] || { echo "missing: $v"; return 2; }; printf \'r\\n7\\n0.shadow_server.2\\n0\\n\' | t 30 "$v"; }'
  ]
  // the identity section comes first so the clock is read as early as possible
  const run = [
    'sec identity 1024 s_identity',
    'HS=$(t 20 "$H/HaSvr/utils/haStatus" </dev/null 2>&1); HSRC=$?; HS=$(printf \'%s\\n\' "$HS" | head -c 8192)',
    'ACTIVE=; LS=$(printf \'%s\\n\' "$HS" | grep -i \'local server\' | head -n 1)',
    'if printf \'%s\\n\' "$LS" | grep -q -i -E \'running|active|master\'; then ACTIVE=1; elif [ -z "$LS" ] && [ "$ROLE" = primary ]; then ACTIVE=1; fi',
    'CF=$H/HaSvr/var/haSvr.cfg; sec cfg.haSvr 270000 s_cfg',
    'CF=$H/GuiSvr/var/guiSvr.cfg; sec cfg.guiSvr 270000 s_cfg',
    'CF=$H/DevSvr/var/devSvr.cfg; sec cfg.devSvr 270000 s_cfg',
    'sec hastatus 8192 s_hastatus',
    'sec version 512 s_version',
    'sec ssh-version 512 s_sshv',
    'sec rsync-version 512 s_rsyncv',
    'sec addresses 16384 s_addrs',
    'sec passwd 1024 s_passwd',
    'sec ping 2048 s_ping',
    'sec trust 4096 s_trust',
    'sec dodirect 4096 s_dodirect',
    'sec halog 24576 s_halog',
    'sec guilog 24576 s_guilog',
    'sec xdb-data 256 s_xdata',
    'sec xdb-log 8192 s_xlog',
    'sec xdb-init 256 s_xinit',
    'sec df 1024 s_df',
    'sec shared-disk 2048 s_shared',
    'sec viewer 16384 s_viewer',
    'exit 0'
  ]
  return [...lines, ...run].join('\n') + '\n'
}
