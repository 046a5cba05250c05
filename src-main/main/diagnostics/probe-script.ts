/**
 * The probe: ONE POSIX sh script per node (dash-clean, no bashisms), run as `sh -c`, that prints framed
 * sections `@@NSMHAD-<nonce> <name> begin@@` … `@@NSMHAD-<nonce> <name> end rc=<n>@@` in the fixed order
 * of SECTION_NAMES. Every command reads /dev/null; every read of node data runs under its own time limit
 * (`tl`: kept by the probe's watchdog, which also stops everything the probe started when the client goes away or
 * the overall limit passes), so a file that blocks (a hung NFS mount) costs only its own sections, which say
 * `timed out reading PATH` (rc=124); a file that is not a regular file (a FIFO) is never opened; every section keeps its byte cap, cut while the output
 * streams (`| head -c`, never collected whole first; a section whose output went past its cap is cut there and
 * ends with rc=141); and logs are searched on the server so their size barely changes the output.
 * Values read from the server's config (rsync user, pingable IP, peer address, shared disk) come from ONE
 * awk pass over haSvr.cfg, are validated against a strict character set and always used quoted; nothing
 * read from a node is ever eval'ed.
 *
 * Speed: the cost on a node is the number of processes, run one after the other, so the probe
 * - starts the slow independent parts at once in the background (the SSH trust test and haStatus first, then
 *   the log search, ping, the tool versions, the xdb/df/mount listing, and the DB viewer as soon as haStatus
 *   says the node is active), each writing its framed sections to a file in a private temp dir
 *   (`mktemp -d` under $TMPDIR or /tmp, mode 700), removed on exit; on HUP, INT, PIPE, TERM, a failed heartbeat
 *   or the overall limit every process descending from the probe's shell is stopped first;
 * - prints the sections in order, each group as soon as its turn comes and its job is done, so a probe cut
 *   off mid-output still yields the sections already printed;
 * - starts as few programs as it can: no program per time limit; the login name, its uid and the rsync user's entry
 *   from LOGNAME and the shell's read of /etc/passwd (`id` / `getent` only where that cannot answer), the host name
 *   from /proc/sys/kernel/hostname; ONE `ls -lnH` for the sizes of the configs, logs, version file and
 *   .haDoDirect.result (those of at most 4 KiB are then read with `read`, not `head`) and the three xdb listings (one
 *   awk frames those); ONE grep and one awk for both logs; one streaming cap for rsync --version and the addresses;
 *   builtins (`read`, `case`, parameter expansion) instead of subshells, and no wrapper process per section;
 * - falls back to running every section in the foreground, in the same order and with the same output,
 *   when no temp dir can be made (or NSMHAD_SERIAL=1 is set in the node's environment).
 * test/diagnostics/profile-probe.ts times it section by section on a simulated node.
 */
import { shQuote } from '../shell/quote'
import type { NodeRole } from '../../shared/domain/check'
import type { NsmPaths } from '../../shared/domain/pair'
import { GUI_AWK_KINDS, GUI_GREP_ERE } from './parsers/guilog'
import { HALOG_GREP_ERE } from './parsers/halog'
import { DRIFT_SSH, driftShell } from './probe-drift'
import { rotatedShell } from './probe-rotated'
import type { SectionName } from './types'

export interface ProbeOptions {
  role: NodeRole
  paths: NsmPaths
  nonce: string
  /** the probe's overall limit on the node (s): then its watchdog stops every process it started (default PROBE_LIMIT_S) */
  limitS?: number
}

/** the probe's own overall limit (s), below the client's default exec timeout (120 s) so the node ends first */
export const PROBE_LIMIT_S = 110
/** the overall limit for a client timeout: 5 s below it, at least 10 s */
export function probeLimitFor(timeoutMs: number): number {
  return Math.max(10, Math.min(3600, Math.floor(timeoutMs / 1000) - 5))
}

/** lines kept per guiDaemon.0 event kind, and of ha.log */
export const GUI_KEEP_PER_KIND = 6
export const HALOG_KEEP = 40
export const CFG_MAX_BYTES = 262_144
/** the shell reads /etc/passwd a byte at a time: at most this much of it (the login name's and the rsync user's entries), then `id` / `getent` */
export const PASSWD_MAX = 65_536
/** the addresses section's cap, and the one streaming cap of rsync --version and the addresses together */
export const ADDR_CAP = 16_384
export const TOOLS_CAP = 4_096 + ADDR_CAP
/** time limit (s) of every plain read of node data (sizes, configs, version, .haDoDirect.result, listings) */
export const READ_LIMIT_S = 10
/** ha.log lines are kept whole up to this (a `cmd:` line must stay copyable), guiDaemon.0 lines up to GUI_LINE_MAX */
export const HALOG_LINE_MAX = 8192
export const GUI_LINE_MAX = 2048
/** guiDaemon.0 larger than this is read from its end: this many bytes first, then 8 times more up to LOG_WINDOW_MAX, then whole */
export const LOG_WINDOW = 1_048_576
export const LOG_WINDOW_MAX = 67_108_864

/** Where each section's evidence comes from (file path or the command), for a node's paths. */
export function sectionSources(paths: NsmPaths): Record<SectionName, string> {
  const H = paths.nsmHome
  const D = paths.nsmData
  return {
    identity: '$LOGNAME and its /etc/passwd entry (else id); /proc/sys/kernel/hostname (else hostname); date +%s',
    'cfg.haSvr': `${H}/HaSvr/var/haSvr.cfg`,
    'cfg.guiSvr': `${H}/GuiSvr/var/guiSvr.cfg`,
    'cfg.devSvr': `${H}/DevSvr/var/devSvr.cfg`,
    hastatus: `${H}/HaSvr/utils/haStatus`,
    'init-status': `${paths.haInit} status`,
    ps: 'ps -e -o pid= -o comm= -o args=',
    version: `${H}/GuiSvr/var/version`,
    'ssh-version': 'ssh -V',
    'rsync-version': 'rsync --version',
    addresses: 'ip -o addr show',
    passwd: '/etc/passwd, else getent passwd',
    ping: 'ping -c 1 -W 2',
    trust: 'ssh -o BatchMode=yes -o ConnectTimeout=10',
    dodirect: `${H}/HaSvr/bin/.haDoDirect.result`,
    halog: `${H}/HaSvr/var/errorLog/ha.log`,
    guilog: `${H}/GuiSvr/var/errorLog/guiDaemon.0`,
    'guilog-rotated': `${H}/GuiSvr/var/errorLog/guiDaemon.1 …`,
    'xdb-data': `ls -ln ${D}/GuiSvr/xdb/data`,
    'xdb-log': `ls -ln ${D}/GuiSvr/xdb/log`,
    'xdb-init': `ls -ln ${D}/GuiSvr/xdb/init`,
    df: `df -Pk ${D}`,
    'shared-disk': '/proc/mounts',
    drift: `rsync -n --itemize-changes -e "${DRIFT_SSH}" ${H}/GuiSvr/var/ (dry run)`,
    viewer: `${H}/GuiSvr/utils/.xdbViewEdit.sh (r, 7, 0.shadow_server.2)`
  }
}

/**
 * The halog and guilog sections from ONE `grep -H -n` over ha.log (F4) and guiDaemon.0 (F5) with both patterns:
 * ha.log: the last SUCCESS line without ERROR, then the last 40 matching lines, each whole up to 8 KiB;
 * guiDaemon.0: lines whole up to 2 KiB, the last 6 per event kind and a count per kind, in order of line
 * number (then of the whole line). A longer line is cut with ` … [cut: N more bytes]`. Paths, sizes (Z4, Z5),
 * why a log cannot be read (E4, E5) and the frame marker (N) come in ENVIRON; a last line `@@rc <n>` is grep's
 * exit code (124: the time limit cut it, and both logs say `timed out reading PATH`). A log with none of the
 * expected lines whose first 200 lines have no log shape either (a time of day or a level word) sends
 * `0:#unrecognised` and its first 5 lines as `0:#raw <line>`.
 */
function logsAwk(): string {
  const kinds = GUI_AWK_KINDS.map(([kind, re], i) => `${i === 0 ? 'if' : 'else if'} (l ~ /${re}/) k = "${kind}"`)
  // cut L at M bytes with the visible marker (inline: the probe's POSIX sh check refuses the word "function")
  const cut = (m: number) => `if (length(l) > ${m}) l = substr(l, 1, ${m}) " … [cut: " (length(l) - ${m}) " more bytes]"`
  // SH(F): O = 1 when one of the first 200 lines of F looks like a log line (a time of day or a level word), R its first 5 lines
  const shape = (f: string) =>
    `O = 0; R = ""; i = 0; while (i < 200 && (getline x < ${f}) > 0) { i++; if (x ~ /[0-9][0-9]:[0-9][0-9]:[0-9][0-9]|INFO|WARN|ERROR|DEBUG|[Ii]nfo|[Ww]arn|[Ee]rror|[Dd]ebug/) O = 1; if (i <= 5) R = R "0:#raw " (length(x) > 300 ? substr(x, 1, 300) " … [cut: " (length(x) - 300) " more bytes]" : x) "\\n" } close(${f}); if (i == 0) O = 1`
  return [
    // WB > 0: guiDaemon.0 is read from byte WB to its end, WB4 > 0: ha.log from byte WB4 (both through grep's stdin,
    // `(standard input):`, guiDaemon.0's part first, each part ended by a line `<N> trc5 <rc>` / `<N> trc4 <rc>` with the
    // tail's exit code: N holds the nonce, so no log line can forge it); their lines counted from there
    'BEGIN { WB = ENVIRON["WB"] + 0; WB4 = ENVIRON["WB4"] + 0; SI = "(standard input):"; f4 = WB4 > 0 ? SI : ENVIRON["F4"] ":"; f5 = WB > 0 ? SI : ENVIRON["F5"] ":";',
    'E4 = ENVIRON["E4"]; E5 = ENVIRON["E5"]; TM = ENVIRON["N"] " trc"; o4 = 0; in5 = WB > 0 }',
    '/^@@rc [0-9]+$/ { grc = $2 + 0; next }',
    // a part's end: its tail's exit code; the stdin lines after guiDaemon.0's part are ha.log's, counted from there
    'index($0, SI) == 1 { l = substr($0, length(SI) + 1); x = l; sub(/^[0-9]+:/, "", x); if (index(x, TM) == 1 && x ~ /^[^ ]+ trc[45] [0-9]+$/) {',
    'if (x ~ / trc5 /) { trc = substr(x, length(TM) + 3) + 0; in5 = 0; o4 = l + 0 } else trc4 = substr(x, length(TM) + 3) + 0; next } }',
    '{ fl = 0; if (index($0, SI) == 1) { if (in5) { if (E5 == "") fl = 5 } else if (WB4 > 0 && E4 == "") fl = 4 }',
    'else if (E4 == "" && index($0, f4) == 1) fl = 4; else if (E5 == "" && index($0, f5) == 1) fl = 5; if (!fl) next }',
    // in a window: the lines counted from its byte, and its line 1 (the rest of the line the byte falls in) left out
    `fl == 4 { l = substr($0, length(f4) + 1); if (WB4 > 0) { k = l + 0 - o4; if (k <= 1) next; l = k substr(l, index(l, ":")) } r4++; if (l !~ /${HALOG_GREP_ERE}/) next; ${cut(HALOG_LINE_MAX)};`,
    `if (index(l, "SUCCESS") && !index(l, "ERROR")) s = l; if (index(l, "cmd:")) dc = l; n4++; h[n4 % ${HALOG_KEEP}] = l; next }`,
    `{ l = substr($0, length(f5) + 1); if (WB > 0 && l + 0 == 1) next;`,
    `${cut(GUI_LINE_MAX)}; k = ""; ${kinds.join('; ')}; if (k == "") next; r5++; c[k]++; b[k, c[k] % ${GUI_KEEP_PER_KIND}] = l;`,
    'if (k == "START") st = l + 0; else if (k == "MASTER" || k == "CLIENT") rk = k; else if (k == "DB_PANIC") lp = l + 0 }',
    // a window decides only when it holds what the checks read before the last start: the last start, a role event (the
    // last one), and, when the node is client now and panicked since the start, a master event before it; else `@@more`
    'END { N = ENVIRON["N"]; m5 = WB > 0 && E5 == "" && grc != 124 && trc != 124 && (!st || rk == "" || (rk == "CLIENT" && lp >= st && !c["MASTER"]));',
    // ha.log's part decides when it holds the last SUCCESS line and the last HALOG_KEEP lines the section sends (so
    // the lines before the first error since that SUCCESS, its `cmd:` line included, are those of a whole read)
    `m4 = WB4 > 0 && E4 == "" && grc != 124 && trc4 != 124 && (s == "" || dc == "" || n4 < ${HALOG_KEEP}); if (m4 || m5) { print "@@more" (m4 ? " 4" : "") (m5 ? " 5" : ""); exit }`,
    'if (trc == 124 && E5 == "") E5 = "timed out reading " ENVIRON["F5"]; if (trc4 == 124 && E4 == "") E4 = "timed out reading " ENVIRON["F4"];',
    'if (grc == 124) { if (E4 == "") E4 = "timed out reading " ENVIRON["F4"]; if (E5 == "") E5 = "timed out reading " ENVIRON["F5"] }',
    // the last `cmd:` line of ha.log first (`@@dl`, taken out by g_logs_rot): the drift dry run's `--delete` comes from it
    'if (dc != "" && grc != 124 && trc4 != 124) print "@@dl " dc;',
    'printf "%s halog begin@@\\npath=%s\\n", N, ENVIRON["F4"];',
    'if (E4 != "") printf "%s\\n\\n%s halog end rc=%d@@\\n", E4, N, E4 ~ /^timed out/ ? 124 : 2;',
    `else { printf "size=%s\\n", ENVIRON["Z4"]; if (WB4 > 0) printf "window=%.0f\\n", WB4; else if (ENVIRON["WN4"] != "") printf "window=whole (%s)\\n", ENVIRON["WN4"]; if (!r4) { ${shape('ENVIRON["F4"]')}; if (!O) printf "0:#unrecognised\\n%s", R }`,
    `if (s != "") print "success=" s; for (i = n4 > ${HALOG_KEEP} ? n4 - ${HALOG_KEEP} + 1 : 1; i <= n4; i++) print h[i % ${HALOG_KEEP}];`,
    'printf "\\n%s halog end rc=0@@\\n", N }',
    'printf "%s guilog begin@@\\npath=%s\\n", N, ENVIRON["F5"];',
    'if (E5 != "") { printf "%s\\n\\n%s guilog end rc=%d@@\\n", E5, N, E5 ~ /^timed out/ ? 124 : 2; exit }',
    `printf "size=%s\\n", ENVIRON["Z5"]; if (WB > 0) printf "window=%.0f\\n", WB; else if (ENVIRON["WN"] != "") printf "window=whole (%s)\\n", ENVIRON["WN"]; if (!r5) { ${shape('ENVIRON["F5"]')}; if (!O) printf "0:#unrecognised\\n%s", R }`,
    `m = 0; for (k in c) { L[++m] = "0:#count " k " " c[k]; n = c[k] < ${GUI_KEEP_PER_KIND} ? c[k] : ${GUI_KEEP_PER_KIND};`,
    `for (i = c[k] - n + 1; i <= c[k]; i++) L[++m] = b[k, i % ${GUI_KEEP_PER_KIND}] }`,
    // in order of line number, then of the whole line (as `sort -t: -k1,1n` would print them)
    'for (i = 2; i <= m; i++) { x = L[i]; xn = x + 0; j = i - 1;',
    'while (j > 0 && (L[j] + 0 > xn || (L[j] + 0 == xn && L[j] "" > x ""))) { L[j + 1] = L[j]; j-- } L[j + 1] = x }',
    'for (i = 1; i <= m; i++) print L[i]; printf "\\n%s guilog end rc=0@@\\n", N }'
  ].join(' ')
}

/**
 * The three xdb sections from one `ls -ln DIR...` (ND dirs, the readable ones of XD/XL/XI, in ENVIRON;
 * E1..E3 = why a dir cannot be read). With two dirs or more ls heads each block with `DIR:`. data and
 * init: `<files> <bytes>`; log: `<size> <name>` of the last 200 files, cut at 8 KiB (then rc=141). A last
 * line `@@rc <n>` is ls's exit code (124: cut by the time limit: `timed out reading DIR`, rc=124). A block
 * without one line of `ls -l` shape (`total N` or a mode string) is `not recognised` with its first lines.
 */
const XDB_AWK = [
  'BEGIN { d[ENVIRON["XD"]] = 1; d[ENVIRON["XL"]] = 2; d[ENVIRON["XI"]] = 3; cur = 0;',
  'if (ENVIRON["ND"] == 1 && ENVIRON["NFL"] == 0) cur = ENVIRON["E1"] == "" ? 1 : ENVIRON["E2"] == "" ? 2 : 3 }',
  '/^@@rc [0-9]+$/ { lrc = $2 + 0; next }',
  '/:$/ && substr($0, 1, length($0) - 1) in d { cur = d[substr($0, 1, length($0) - 1)]; next }',
  '/^total [0-9]+/ || /^[-dlcbps][-r][-w][-xsS]/ { ok[cur] = 1 } !/^total [0-9]+/ && !/^[-dlcbps][-r][-w][-xsS]/ && NF && cur { if (nr[cur]++ < 5) raw[cur] = raw[cur] "\\n" (length($0) > 300 ? substr($0, 1, 300) " … [cut: " (length($0) - 300) " more bytes]" : $0) }',
  '/^-/ { if (cur == 2) lg[++nl] = $5 " " $NF; else if (cur) { n[cur]++; b[cur] += $5 } }',
  'END { for (s = 1; s <= 3; s++) { name = s == 1 ? "xdb-data" : s == 2 ? "xdb-log" : "xdb-init"; dir = s == 1 ? ENVIRON["XD"] : s == 2 ? ENVIRON["XL"] : ENVIRON["XI"]; cap = s == 2 ? 8192 : 512; rc = 0; e = ENVIRON["E" s];',
  'if (e != "") { body = e; rc = e ~ /^timed out/ ? 124 : 2 } else if (lrc == 124) { body = "timed out reading " dir; rc = 124 }',
  'else if (!ok[s] && nr[s]) { body = "not recognised: ls -ln " dir raw[s]; rc = 0 }',
  'else if (s == 2) { body = ""; sep = ""; for (i = nl > 200 ? nl - 199 : 1; i <= nl; i++) { body = body sep lg[i]; sep = "\\n" } }',
  'else body = sprintf("%d %.0f", n[s], b[s]);',
  'out = body == "" ? "" : body "\\n"; if (length(out) > cap) { out = substr(out, 1, cap); rc = 141 }',
  'printf "%s %s begin@@\\n%s\\n%s %s end rc=%d@@\\n", ENVIRON["N"], name, out, ENVIRON["N"], name, rc } }'
].join(' ')

/**
 * ONE pass over haSvr.cfg for the values the probe uses: prints 7 lines (rsync user, pingable IP, peer
 * address, shared disk, mount point, primary and secondary server address). Key names are case-insensitive,
 * `#` comments and CRLF are ignored, the last occurrence of a key wins, an empty value counts as not set (then the next accepted name is
 * tried), values are cut at 512 bytes.
 */
const CFGVALS = [
  ['highAvail.rsyncUser'],
  ['highAvail.pingableIp', 'highAvail.pingableIpAddr', 'highAvail.pingIp'],
  ['highAvail.peerIpAddr', 'highAvail.peerAddr', 'highAvail.peerIp'],
  ['highAvail.sharedDisk'],
  ['highAvail.sharedDiskMountPoint'],
  ['highAvail.primaryServerIp'],
  ['highAvail.secondaryServerIp']
]
const CFGVAL_AWK =
  `BEGIN { n = split("${CFGVALS.flat().join(' ').toLowerCase()}", a, " "); for (i = 1; i <= n; i++) w[a[i]] = 1 } ` +
  '{ sub(/\\r$/, ""); sub(/^[ \\t]+/, ""); if (substr($0, 1, 1) == "#") next; key = $0; sub(/[ \\t=].*$/, "", key); ' +
  'lk = tolower(key); if (!(lk in w)) next; val = substr($0, length(key) + 1); sub(/^[ \\t]*=?[ \\t]*/, "", val); ' +
  'sub(/[ \\t]+$/, "", val); v[lk] = substr(val, 1, 512) } ' +
  `END { ${CFGVALS.map((keys) => `x = ""; ${keys.map((k) => `if (x == "") x = v["${k.toLowerCase()}"]`).join('; ')}; print x`).join('; ')} }`

/**
 * awk over /proc/<pid>/stat of every process: the pids descending from r (ppid links), and r itself, but `me`.
 * The fields after the command name (which may hold spaces and parentheses) follow the last `) `.
 */
const SWEEP_AWK = [
  'BEGIN { for (i = 1; i < ARGC; i++) { if ((getline l < ARGV[i]) > 0) { p = l + 0; t = l; sub(/.*\\) /, "", t); split(t, a, " "); pp[p] = a[2] + 0 } close(ARGV[i]) }',
  'd[r] = 1; do { c = 0; for (p in pp) if (!(p in d) && (pp[p] in d)) { d[p] = 1; c = 1 } } while (c);',
  'for (p in d) if (p != me) printf "%s ", p; exit }'
].join(' ')

/** The probe script for one node. */
export function buildProbeScript(opts: ProbeOptions): string {
  if (!/^[A-Za-z0-9]{4,64}$/.test(opts.nonce)) throw new Error('probe nonce must be 4-64 letters/digits')
  const { nsmHome, nsmData, haInit } = opts.paths
  const lines = [
    'LC_ALL=C; export LC_ALL',
    `N=${shQuote(`@@NSMHAD-${opts.nonce}`)}`,
    `H=${shQuote(nsmHome)}`,
    `D=${shQuote(nsmData)}`,
    `HI=${shQuote(haInit)}`,
    `ROLE=${shQuote(opts.role)}`,
    `RL=${READ_LIMIT_S}`,
    `LIM=${Math.max(10, Math.floor(opts.limitS ?? PROBE_LIMIT_S))}`,
    "NL='\n'",
    // the end marker of a captured command's output (the nonce: output cannot forge it)
    'RCM="$N rc="',
    // tl SECS CMD...: CMD under a time limit (its stdin kept: through fd 3, since an asynchronous command's stdin is
    // /dev/null before its own redirections); 124 when the limit cut it. Every command that reads node
    // data runs under tl. Without the temp dir: timeout(1) when the node has it, else a watchdog of its own.
    'TO=; if command -v timeout >/dev/null 2>&1; then TO=1; fi',
    // With the temp dir the probe's watchdog enforces it and no program is started for the limit: CMD's deadline (in the
    // watchdog's ticks, one a second, read from $W/tick) and pid go to $W/t.PID; at the deadline the watchdog writes `cut`
    // there and kills CMD and everything CMD started (KILL)
    'tl() { tn=$1; shift; if [ -n "$W" ] && [ -n "$WD" ]; then { "$@" 0<&3 3<&- & } 3<&0; tp=$!; tk=0; read -r tk 2>/dev/null <"$W/tick"; case $tk in \'\'|*[!0-9]*) tk=0;; esac; echo "$((tk + tn)) $tp" >"$W/t.$tp"; wait "$tp"; tr=$?; tc=; read -r tc 2>/dev/null <"$W/t.$tp"; : >"$W/t.$tp"; [ "$tc" != cut ] || tr=124; return "$tr"; fi;' +
      ' if [ -n "$TO" ]; then timeout "$tn" "$@"; return; fi; { "$@" 0<&3 3<&- & } 3<&0; tp=$!; ( trap \'kill $ts 2>/dev/null; exit 0\' TERM; sleep "$tn" & ts=$!; wait $ts; kill "$tp" 2>/dev/null ) >/dev/null 2>&1 & tw=$!; wait "$tp"; tr=$?; kill "$tw" 2>/dev/null; [ "$tr" != 143 ] || tr=124; return "$tr"; }',
    // T<n>: `tl <n>` (used unquoted: two words), for the sections that name their limit that way
    'T10="tl 10"; T20="tl 20"; T30="tl 30"; T60="tl 60"; T120="tl 120"',
    // bs NAME FUNC: a section whose output is bounded below its cap by construction, streamed as it comes
    'bs() { printf \'%s %s begin@@\\n\' "$N" "$1"; "$2" </dev/null 2>&1; r=$?; printf \'\\n%s %s end rc=%s@@\\n\' "$N" "$1" "$r"; }',
    // pf FILE...: print the files as they are (the jobs' framed sections) with the shell's read, no program started
    'pf() { for pff; do pfl=; while IFS= read -r pfl; do printf \'%s\\n\' "$pfl"; done <"$pff"; [ -z "$pfl" ] || printf \'%s\' "$pfl"; done; }',
    // stopjob PID: stop a background job and everything it started (found in /proc by parent links), then kill them
    `stopjob() { if [ -r /proc/self/stat ]; then for sg in STOP KILL; do SL=$(awk -v r="$1" -v me=0 ${shQuote(SWEEP_AWK)} /proc/[0-9]*/stat 2>/dev/null); [ -z "$SL" ] || kill -s "$sg" $SL 2>/dev/null; done; else kill -s KILL "$1" 2>/dev/null; fi; }`,
    // fr NAME CAP RC TEXT: a section from captured text (a newline added), cut at CAP bytes (then rc=141)
    'fr() { printf \'%s %s begin@@\\n\' "$N" "$1"; r=$3; if [ -z "$4" ]; then :; elif [ $((${#4} + 1)) -gt "$2" ]; then printf \'%s\\n\' "$4" | head -c "$2"; r=141; else printf \'%s\\n\' "$4"; fi; printf \'\\n%s %s end rc=%s@@\\n\' "$N" "$1" "$r"; }',
    // cap CAP FUNC: FUNC's output (stdin /dev/null, stderr with stdout) cut WHILE it streams (head -c), never
    // held whole: CV = at most CAP + 100 bytes of it (one trailing newline dropped), CR = its exit code (141: cut)
    'cap() { CV=$( { "$2" </dev/null 2>&1; printf \'%s%s\' "$RCM" "$?"; } | head -c $(($1 + 100)) ); case $CV in *"$RCM"*) CR=${CV##*"$RCM"}; CV=${CV%"$RCM"*}; CV=${CV%"$NL"};; *) CR=141;; esac; }',
    // cs NAME CAP FUNC: a section whose output has no bound of its own: cut while streaming, then framed by fr
    'cs() { cap "$2" "$3"; fr "$1" "$2" "$CR" "$CV"; }',
    // why PATH [dir]: WHY = why a file/dir cannot be read (missing, not a regular file / directory, permission denied), empty
    // when readable (builtins only: stat, never open). A FIFO, device or socket is never opened: a reader could block on it
    // forever, or unblock a writer waiting on it
    'why() { WHY=; if [ ! -e "$1" ]; then WHY="missing: $1"; elif [ -n "$2" ] && [ ! -d "$1" ]; then WHY="not readable (not a directory): $1"; elif [ -z "$2" ] && [ ! -f "$1" ]; then WHY="not readable (not a regular file): $1"; elif [ ! -r "$1" ] || { [ -n "$2" ] && [ ! -x "$1" ]; }; then WHY="not readable (permission denied): $1"; fi; }',
    // canread PATH [dir]: say it, and fail, when it cannot be read
    'canread() { why "$1" "$2"; [ -z "$WHY" ] || { echo "$WHY"; return 2; }; }',
    "okname() { case $1 in ''|-*|*[!A-Za-z0-9._-]*) return 1;; esac; return 0; }",
    "okaddr() { case $1 in ''|-*|*[!A-Za-z0-9.:-]*) return 1;; esac; return 0; }",
    // unset NAME: the @skip line of a value from haSvr.cfg: not set, or haSvr.cfg not read (and why)
    'notset() { if [ -n "$CVWHY" ]; then echo "@skip haSvr.cfg not read ($CVWHY)"; else echo "@skip $1 not set"; fi; }',
    // rdf FILE SIZE CAP: the first CAP bytes of FILE; one sized by the time-limited wc at most 4 KiB and CAP is read
    // with builtins, any other under tl (`timed out reading FILE`, 124, when the limit cuts it)
    'rdf() { if [ -n "$2" ] && [ "$2" -le 4096 ] 2>/dev/null && [ "$2" -le "$3" ]; then rl=; while IFS= read -r rl; do printf \'%s\\n\' "$rl"; done <"$1"; [ -z "$rl" ] || printf \'%s\' "$rl"; else tl "$RL" head -c "$3" "$1"; rr=$?; [ "$rr" != 124 ] || { echo; echo "timed out reading $1"; }; return "$rr"; fi; }',
    // s_cfg: CF = the file, CZ = its size, CB = why it could not be read in time (set for the three at once)
    `s_cfg() { canread "$CF" || return 2; [ -z "$CB" ] || { echo "$CB"; return 124; }; printf 'size=%s\\n' "$CZ"; rdf "$CF" "$CZ" ${CFG_MAX_BYTES}; }`,
    's_version() { if [ -e "$C6" ]; then canread "$C6" || return 2; [ -z "$B6" ] || { echo "$B6"; return 124; }; rdf "$C6" "$Z6" 200; elif command -v rpm >/dev/null 2>&1; then tl 30 rpm -qa 2>/dev/null | grep -i netscreen | grep -i gui | head -n 3 | head -c 500; else echo "missing: $C6"; return 2; fi; }',
    's_sshv() { ssh -V; }',
    // (rsync --version and ip read no node data: no time limit, no program for it.) Both go through ONE streaming cap
    // (s_tools2 under `cap`): rsync's output first, ended by a line `<N> rsync rc=<n>` (the nonce: no output can forge
    // it), then the addresses, unless the server-ip layout read them already (OA). The rsync-version section keeps the
    // first two lines of rsync's part (RV, exit RR); the addresses section is what follows, cut at its own cap (AV, AR).
    // Only an rsync printing more than the whole cap leaves the addresses unread, and the section says so
    's_addrs() { if command -v ip >/dev/null 2>&1; then ip -o addr show; else hostname -I; fi; }',
    's_tools2() { rsync --version; printf \'\\n%s rsync rc=%s\\n\' "$N" "$?"; [ -n "$OAS" ] || s_addrs; }',
    `s_tools() { cap ${TOOLS_CAP} s_tools2; RSM="$NL$N rsync rc="; case $CV in *"$RSM"*) RV=\${CV%%"$RSM"*}; AV=\${CV#*"$RSM"}; RR=\${AV%%"$NL"*}; AV=\${AV#*"$NL"}; AR=$CR;;` +
      ` *) RV=$CV; RR=0; AV="not read: rsync --version printed more than ${TOOLS_CAP} bytes"; AR=2;; esac; if [ -n "$OAS" ]; then AV=$OA; AR=$OAR; fi; }`,
    's_rsyncv() { { IFS= read -r l1; IFS= read -r l2; } <<EOF\n$RV\nEOF\n printf \'%s\\n\' "$l1"; [ -z "$l2" ] || printf \'%s\\n\' "$l2"; return "$RR"; }',
    // the rsync user's entry: from the shell's read of /etc/passwd (above, with the login name's), else `getent passwd` (NSS: LDAP,
    // NIS …); `via=` says which answered (`files`: /etc/passwd, as nsswitch names it). Exit 2: no such user (getent's code; /etc/passwd read whole without getent); other: unknown
    's_passwd() { [ -n "$RU" ] || { notset highAvail.rsyncUser; return 3; }; printf \'user=%s\\n\' "$RU"; if [ -n "$RUE" ]; then printf \'via=files\\n%s\\n\' "$RUE"; return 0; fi;' +
      ` if command -v getent >/dev/null 2>&1; then echo via=getent; tl 10 getent passwd "$RU"; return; fi; echo via=files; case $PWS in whole) return 2;; cut) echo "not found in the first ${PASSWD_MAX} bytes of /etc/passwd, and no getent"; return 4;; esac; echo "not readable: /etc/passwd, and no getent"; return 4; }`,
    's_ping() { [ -n "$PIP" ] || { notset highAvail.pingableIp; return 3; }; printf \'target=%s\\n\' "$PIP"; tl 10 ping -c 1 -W 2 "$PIP"; }',
    's_trust() { [ -n "$RU" ] || { notset highAvail.rsyncUser; return 3; }; [ -n "$PEER" ] || { notset "$PK"; return 3; }; printf \'user=%s\\npeer=%s\\n\' "$RU" "$PEER";' +
      ' if [ "$ME" = "$RU" ]; then tl 20 ssh -o BatchMode=yes -o ConnectTimeout=10 -l "$RU" "$PEER" true;' +
      ' elif [ "$MYUID" = 0 ]; then tl 20 su -s /bin/sh -c "ssh -o BatchMode=yes -o ConnectTimeout=10 -l \'$RU\' \'$PEER\' true" "$RU";' +
      ' else tl 20 sudo -n -u "$RU" ssh -o BatchMode=yes -o ConnectTimeout=10 -l "$RU" "$PEER" true; fi; }',
    // (.haDoDirect.result is sized with the others: a small one is read by the shell's read, no program started)
    's_dodirect() { canread "$C7" || return 2; [ -z "$B7" ] || { echo "$B7"; return 124; }; rdf "$C7" "$Z7" 4096; }',
    // the two log sections: ONE grep over both logs (the readable ones, not those that timed out) and one awk, which frames them.
    // A log over LOG_WINDOW bytes is read from its end: its last LOG_WINDOW bytes (`tail -c +B`: from byte B, so what is written
    // meanwhile is read too), then 8 times more while that part lacks what the checks read (the awk says `@@more 4` for ha.log,
    // `@@more 5` for guiDaemon.0), past LOG_WINDOW_MAX the whole file. Both parts go to grep's stdin, guiDaemon.0's first, each
    // ended by a line with the nonce and the tail's exit code. Without tail(1): the whole files, said in the sections
    `g_logs() { why "$C4"; E4=\${WHY:-$B4}; why "$C5"; E5=\${WHY:-$B5}; WK=; WN=; WK4=; WN4=; HT=; if command -v tail >/dev/null 2>&1; then HT=1; fi;` +
      ` if [ -z "$E5" ] && [ "\${Z5:-0}" -gt ${LOG_WINDOW} ] 2>/dev/null; then if [ -n "$HT" ]; then WK=${LOG_WINDOW}; else WN='tail not available'; fi; fi;` +
      ` if [ -z "$E4" ] && [ "\${Z4:-0}" -gt ${LOG_WINDOW} ] 2>/dev/null; then if [ -n "$HT" ]; then WK4=${LOG_WINDOW}; else WN4='tail not available'; fi; fi;` +
      ` while :; do WB=0; [ -z "$WK" ] || WB=$((Z5 - WK)); [ "$WB" -gt 0 ] || WB=0; WB4=0; [ -z "$WK4" ] || WB4=$((Z4 - WK4)); [ "$WB4" -gt 0 ] || WB4=0;` +
      ' set --; [ -n "$E4" ] || [ "$WB4" -gt 0 ] || set -- "$@" "$C4"; [ -n "$E5" ] || [ "$WB" -gt 0 ] || set -- "$@" "$C5"; [ "$WB$WB4" = 00 ] || set -- "$@" -; if [ $# -eq 0 ]; then set -- /dev/null; fi;' +
      ` LW=$( { { if [ "$WB" -gt 0 ]; then tl 120 tail -c +$((WB + 1)) "$C5" 2>/dev/null; t=$?; echo; echo "$N trc5 $t"; fi;` +
      ` if [ "$WB4" -gt 0 ]; then tl 120 tail -c +$((WB4 + 1)) "$C4" 2>/dev/null; t=$?; echo; echo "$N trc4 $t"; fi; } | tl 120 grep -a -H -n -E ${shQuote(`${HALOG_GREP_ERE}|${GUI_GREP_ERE}|^@@NSMHAD-[A-Za-z0-9]+ trc[45] `)} "$@"; echo "@@rc $?"; }` +
      ` | N=$N F4=$C4 F5=$C5 Z4=$Z4 Z5=$Z5 E4=$E4 E5=$E5 WB=$WB WB4=$WB4 WN=$WN WN4=$WN4 awk ${shQuote(logsAwk())});` +
      ' case $LW in "@@more"*) ;; *) break;; esac; case $LW in *5*) if [ "$WK" -ge ' +
      `${LOG_WINDOW_MAX} ]; then WK=; else WK=$((WK * 8)); fi;; esac; case $LW in *4*) if [ "$WK4" -ge ${LOG_WINDOW_MAX} ]; then WK4=; else WK4=$((WK4 * 8)); fi;; esac; done; printf '%s\\n' "$LW"; }`,
    // the three xdb sections from the listing of the sizes' `ls -lnH` (LS, its exit code LR: below) and one awk, which frames
    // them; when the read limit cut that listing (a hung file or dir), the readable dirs are listed again on their own
    'g_xdb() { if [ -n "$E1" ] && [ -n "$E2" ] && [ -n "$E3" ]; then fr xdb-data 512 2 "$E1"; fr xdb-log 8192 2 "$E2"; fr xdb-init 512 2 "$E3"; return 0; fi;' +
      ' xn=$ND; xf=$NFL; if [ "$LR" = 124 ]; then set --; [ -n "$E1" ] || set -- "$@" "$XD"; [ -n "$E2" ] || set -- "$@" "$XL"; [ -n "$E3" ] || set -- "$@" "$XI"; xn=$#; xf=0; fi;' +
      ` { if [ "$LR" = 124 ]; then tl "$RL" ls -lnH "$@" 2>/dev/null; echo "@@rc $?"; else printf '%s\\n' "$LS"; echo "@@rc $LR"; fi; }` +
      ` | N=$N XD=$XD XL=$XL XI=$XI E1=$E1 E2=$E2 E3=$E3 ND=$xn NFL=$xf awk ${shQuote(XDB_AWK)}; }`,
    // df of the nearest existing ancestor of DATA
    's_df() { d=$D; while [ ! -e "$d" ] && [ "$d" != / ]; do d=${d%/*}; [ -n "$d" ] || d=/; done; tl 10 df -Pk "$d"; r=$?; [ "$r" != 124 ] || echo "timed out reading $d"; return "$r"; }',
    's_shared() { case $SD in \'\'|n|N|no|No|NO|none) echo "@skip no shared disk configured"; return 0;; esac; printf \'device=%s\\nmount=%s\\n\' "$SD" "$MP"; [ -n "$MP" ] || return 3; awk -v m="$MP" -v d="$SD" \'$2 == m { print; f = 1 } END { exit !f }\' /proc/mounts; }',
    's_viewer() { [ -n "$ACTIVE" ] || { echo "@skip not the active node"; return 0; }; v=$H/GuiSvr/utils/.xdbViewEdit.sh; [ -x "$v" ] || { echo "missing: $v"; return 2; }; tl 30 "$v" <<EOF\nr\n7\n0.shadow_server.2\n0\nEOF\n}',
    // ipled LINE: ILA = the address and ILS = the state of an IP-led haStatus line (A-5b: `<ip>[ ][:] <state> …` with a
    // `network-…` or `db-repl:…` token), else ILA empty
    'ipled() { ILA=; ILS=; set -f; set -- $1; set +f; [ $# -ge 3 ] || return 0; a=${1%:}; shift; [ "$1" != : ] || shift; case $a in \'\'|*[!0-9A-Fa-f.:]*) return 0;; *.*.*.*|*:*:*) ;; *) return 0;; esac;' +
      ' case " $* " in *" "[Nn][Ee][Tt][Ww][Oo][Rr][Kk]-*|*" "[Dd][Bb]-[Rr][Ee][Pp][Ll][:=]*|*" "[Dd][Bb][Rr][Ee][Pp][Ll][:=]*) ILA=$a; ILS=$1;; esac; }',
    // isactive TEXT: the first `Local Server` line of haStatus reads running/active/master; without one, IP-led lines: when
    // there are exactly two and one is the configured peer's, the state of the other; else the configured role (primary)
    'isactive() { iln=0; ilp=0; ils=; while IFS= read -r l; do case $l in *[Ll][Oo][Cc][Aa][Ll]\\ [Ss][Ee][Rr][Vv][Ee][Rr]*) case $l in *[Rr][Uu][Nn][Nn][Ii][Nn][Gg]*|*[Aa][Cc][Tt][Ii][Vv][Ee]*|*[Mm][Aa][Ss][Tt][Ee][Rr]*) return 0;; esac; return 1;; esac;' +
      ' ipled "$l"; [ -n "$ILA" ] || continue; iln=$((iln + 1)); if [ "$ILA" = "$PEER" ]; then ilp=$((ilp + 1)); else ils=$ILS; fi; done <<EOF\n$1\nEOF\n' +
      ' if [ "$iln" = 2 ] && [ "$ilp" = 1 ] && [ -n "$PEER" ]; then case $ils in [Rr][Uu][Nn][Nn][Ii][Nn][Gg]*|[Aa][Cc][Tt][Ii][Vv][Ee]*|[Mm][Aa][Ss][Tt][Ee][Rr]*) return 0;; esac; return 1; fi; [ "$ROLE" = primary ]; }',
    's_hastatus() { tl 20 "$H/HaSvr/utils/haStatus"; }',
    's_init() { [ -e "$HI" ] || { echo "missing: $HI"; return 2; }; [ -x "$HI" ] || { echo "not executable: $HI"; return 2; }; tl 20 "$HI" status; }',
    // the process table lines of a process named highAvail / highAvailSvr: its name, or a word of its command line
    // whose last path part is exactly that (so no program text or config key that merely mentions highAvail)
    's_ps() { command -v ps >/dev/null 2>&1 || { echo "ps not available"; return 2; }; tl 10 ps -e -o pid= -o comm= -o args= | awk \'{ for (i = 2; i <= NF; i++) { t = $i; sub(/.*\\//, "", t); if (t == "highAvail" || t == "highAvailSvr") { print (length($0) > 300 ? substr($0, 1, 300) " … [cut: " (length($0) - 300) " more bytes]" : $0); if (++n >= 20) exit; next } } }\'; }',
    // the sections, in groups of consecutive ones; each group is one background job when there is a temp dir
    // hastatus sets ACTIVE (judged on the first 8 KiB of haStatus' output, as sent)
    'g_hastatus() { cap 8192 s_hastatus; fr hastatus 8192 "$CR" "$CV"; ACTIVE=; if isactive "$CV"; then ACTIVE=1; fi; cs init-status 2048 s_init; bs ps s_ps; }',
    'g_hastatus_bg() { g_hastatus; [ -z "$ACTIVE" ] || : >"$W/active"; }',
    // sections bounded by construction (one line of ssh -V, one passwd entry, ping -c 1, df of one dir, the matching
    // mount lines, at most 20 ps lines) stream straight out (bs): nothing is collected, nothing can run away
    // (version: at most 200 bytes of the file or 500 of rpm; rsync-version: two lines of at most 4 KiB)
    `g_tools() { bs version s_version; bs ssh-version s_sshv; s_tools; bs rsync-version s_rsyncv; fr addresses ${ADDR_CAP} "$AR" "$AV"; bs passwd s_passwd; }`,
    'g_ping() { bs ping s_ping; }',
    'g_trust() { cs trust 4096 s_trust; bs dodirect s_dodirect; }',
    'g_disk() { g_xdb; bs df s_df; bs shared-disk s_shared; }',
    'g_viewer() { cs viewer 16384 s_viewer; }',
    // the rsync dry run of the active node (rsync.drift) and the rotated guiDaemon files (read back to the last start)
    ...driftShell(),
    ...rotatedShell(),
    // the private temp dir of the background jobs; none (or NSMHAD_SERIAL=1): every group runs in the foreground
    'W=; J=; P=; WD=; DONE=; PS=$$',
    // sweep: stop, then kill, every process that descends from the probe's shell (PS), and PS itself, but the caller: found
    // in /proc (a command under timeout(1) has a process group of its own, so a group kill would miss it), stopped first so
    // none can start another meanwhile; where /proc cannot be read, the background jobs
    `sweep() { me=; read -r me sw 2>/dev/null </proc/self/stat || { [ -z "$J" ] || kill -s KILL $J 2>/dev/null; return; }; for sg in STOP KILL; do SL=$(awk -v r="$PS" -v me="$me" ${shQuote(SWEEP_AWK)} /proc/[0-9]*/stat 2>/dev/null); [ -z "$SL" ] || kill -s "$sg" $SL 2>/dev/null; done; }`,
    // on exit: stop the watchdog and the jobs still running (everything the probe started, when it did not reach its end:
    // cut by a signal, or its output could not be written), remove the temp dir
    'cleanup() { [ -n "$DONE" ] || sweep; [ -z "$WD" ] || kill "$WD" 2>/dev/null; [ -z "$J" ] || kill $J 2>/dev/null; [ -z "$W" ] || rm -rf "$W"; }',
    "trap cleanup EXIT; trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM",
    // the watchdog: writes one newline a second to stderr (the client ignores it): with no terminal, sshd does not signal
    // the command when the client goes away, the probe learns it only when a write fails. When that write fails, or the
    // overall limit LIM passes, it stops every process the probe started (sweep) and removes the temp dir.
    // Each tick it also enforces the time limits of tl (below): a command past its deadline is cut with everything it started.
    'wd() { trap \'kill "$ws" 2>/dev/null; exit 0\' TERM; trap \'\' PIPE; n=0; while [ "$n" -lt "$LIM" ]; do sleep 1 2>/dev/null & ws=$!; wait "$ws"; printf \'\\n\' >&2 || break; n=$((n + 1)); [ -z "$W" ] || { echo "$n" >"$W/tick"; wcut; } 2>/dev/null; done; sweep; [ -z "$W" ] || rm -rf "$W"; exit 0; }',
    // wcut: every command of tl whose deadline has come: `cut` in its file, then it and what it started killed (found in /proc)
    `wcut() { for tf in "$W"/t.*; do [ -s "$tf" ] || continue; td=; tq=; read -r td tq 2>/dev/null <"$tf"; case $td$tq in ''|*[!0-9]*) continue;; esac; [ "$n" -ge "$td" ] || continue; echo cut >"$tf"; if [ -r /proc/self/stat ]; then SL=$(awk -v r="$tq" -v me=0 ${shQuote(SWEEP_AWK)} /proc/[0-9]*/stat 2>/dev/null); kill -s KILL $SL "$tq" 2>/dev/null; else kill -s KILL "$tq" 2>/dev/null; fi; done; }`,
    'if [ "${NSMHAD_SERIAL-}" != 1 ]; then W=$(mktemp -d "${TMPDIR:-/tmp}/nsmhad.XXXXXX" 2>/dev/null) || W=; case $W in /*) [ -d "$W" ] && [ -w "$W" ] || W=;; *) W=;; esac; fi',
    'wd </dev/null >/dev/null & WD=$!',
    // job NAME GROUP: run a group in the background into $W/NAME; its pid in P (and in J). The job's own fds are
    // replaced with exec, not redirected around a function call (which keeps a saved copy of the probe's stdout
    // that the job's subshells would hold open after the probe is stopped)
    'job() { { exec >"$W/$1" 2>&1 </dev/null; "$2"; } & P=$!; J="$J $P"; }',
    // the three configs, the two logs (guiDaemon.0: the first of its two places that exists), the version file and .haDoDirect.result,
    // sized by ONE `ls -lnH` under the read limit that also lists the three xdb dirs (the xdb sections); when that limit cuts
    // it, each file is sized again on its own (wc -c), and those that still do not answer are `timed out reading PATH`
    // (B1..B7) and never read again
    'C1=$H/HaSvr/var/haSvr.cfg; C2=$H/GuiSvr/var/guiSvr.cfg; C3=$H/DevSvr/var/devSvr.cfg; C4=$H/HaSvr/var/errorLog/ha.log; C6=$H/GuiSvr/var/version; C7=$H/HaSvr/bin/.haDoDirect.result; C5=',
    'for c in "$H/GuiSvr/var/errorLog/guiDaemon.0" "$D/GuiSvr/errorLog/guiDaemon.0"; do if [ -e "$c" ]; then C5=$c; break; fi; done; [ -n "$C5" ] || C5=$H/GuiSvr/var/errorLog/guiDaemon.0',
    'blocked() { case $1 in "$C1") B1="timed out reading $1";; "$C2") B2="timed out reading $1";; "$C3") B3="timed out reading $1";; "$C4") B4="timed out reading $1";; "$C5") B5="timed out reading $1";; "$C6") B6="timed out reading $1";; "$C7") B7="timed out reading $1";; esac; }',
    'XD=$D/GuiSvr/xdb/data; XL=$D/GuiSvr/xdb/log; XI=$D/GuiSvr/xdb/init; why "$XD" x; E1=$WHY; why "$XL" x; E2=$WHY; why "$XI" x; E3=$WHY',
    'Z1=; Z2=; Z3=; Z4=; Z5=; Z6=; Z7=; B1=; B2=; B3=; B4=; B5=; B6=; B7=; set --; for c in "$C1" "$C2" "$C3" "$C4" "$C5" "$C6" "$C7"; do [ ! -f "$c" ] || [ ! -r "$c" ] || set -- "$@" "$c"; done; NFL=$#',
    '[ -n "$E1" ] || set -- "$@" "$XD"; [ -n "$E2" ] || set -- "$@" "$XL"; [ -n "$E3" ] || set -- "$@" "$XI"; ND=$(($# - NFL)); LS=; LR=0; if [ $# -gt 0 ]; then LS=$(tl "$RL" ls -lnH "$@" 2>/dev/null); LR=$?; fi',
    // zset PATH SIZE: the size of one of the seven files; lsz LINE: the same from its `ls -ln` line (the line ends with the
    // path; the size is the 5th field)
    'zset() { case $1 in "$C1") Z1=$2;; "$C2") Z2=$2;; "$C3") Z3=$2;; "$C4") Z4=$2;; "$C5") Z5=$2;; "$C6") Z6=$2;; "$C7") Z7=$2;; esac; }',
    'lsz() { for c in "$C1" "$C2" "$C3" "$C4" "$C5" "$C6" "$C7"; do case $1 in *" $c") set -f; set -- $1; set +f; case $5 in \'\'|*[!0-9]*) ;; *) zset "$c" "$5";; esac; return 0;; esac; done; }',
    'if [ "$LR" = 124 ]; then WC=; i=0; for c; do i=$((i + 1)); [ "$i" -le "$NFL" ] || break; z=$(tl "$RL" wc -c "$c" 2>/dev/null); if [ $? = 124 ]; then blocked "$c"; else WC="$WC$NL$z"; fi; done',
    '  while read -r n p; do zset "$p" "$n"; done <<EOF\n$WC\nEOF',
    'elif [ "$NFL" -gt 0 ]; then while IFS= read -r l; do [ -n "$l" ] || break; lsz "$l"; done <<EOF\n$LS\nEOF\nfi',
    // values from haSvr.cfg (one awk pass under the read limit), validated before any use
    'RU=; PIP=; PEER=; SD=; MP=; PSIP=; SSIP=; PK=highAvail.peerIpAddr; HC=$C1; CVWHY=$B1; if [ -z "$CVWHY" ]; then why "$HC"; CVWHY=$WHY; fi',
    `if [ -z "$CVWHY" ]; then CV=$(tl "$RL" awk ${shQuote(CFGVAL_AWK)} "$HC" 2>/dev/null); [ $? != 124 ] || CVWHY="timed out reading $HC"; { IFS= read -r RU; IFS= read -r PIP; IFS= read -r PEER; IFS= read -r SD; IFS= read -r MP; IFS= read -r PSIP; IFS= read -r SSIP; } <<EOF\n$CV\nEOF\nfi`,
    // the server-ip layout (highAvail.primaryServerIp / secondaryServerIp, the same on both nodes, `""` when not in HA
    // mode; A-1): without a peer under the local/peer names, the peer is the address this node does not own, when it
    // owns exactly one of the two (an exact `ip -o addr` / `hostname -I` entry; they read no node data: no time limit),
    // else the other role's address
    'okname "$RU" || RU=; okaddr "$PIP" || PIP=; okaddr "$PEER" || PEER=; [ -n "$PEER" ] || [ -z "$PSIP$SSIP" ] || PK=highAvail.primaryServerIp/secondaryServerIp; okaddr "$PSIP" || PSIP=; okaddr "$SSIP" || SSIP=',
    `OAS=; if [ -z "$PEER" ] && [ -n "$PSIP$SSIP" ]; then cap ${ADDR_CAP} s_addrs; OA=$CV; OAR=$CR; OAS=1; OP=; OS=;` +
      ' case " $OA " in *"inet $PSIP/"*|*" $PSIP "*) [ -z "$PSIP" ] || OP=1;; esac; case " $OA " in *"inet $SSIP/"*|*" $SSIP "*) [ -z "$SSIP" ] || OS=1;; esac;' +
      ' MINE=$ROLE; if [ -n "$OP" ] && [ -z "$OS" ]; then MINE=primary; elif [ -n "$OS" ] && [ -z "$OP" ]; then MINE=secondary; fi;' +
      ' if [ "$MINE" = primary ]; then PEER=$SSIP; PK=highAvail.secondaryServerIp; else PEER=$PSIP; PK=highAvail.primaryServerIp; fi; fi',
    // who we are: the login name sshd put in LOGNAME (else USER) and its uid from that name's /etc/passwd entry, read by
    // the shell in the same pass that finds the rsync user's entry (the passwd section): no program. At most PASSWD_MAX
    // bytes of /etc/passwd are read; a name not set or without an entry there: one `id` (POSIX `uid=N(name) …`)
    `ME=\${LOGNAME:-\${USER-}}; okname "$ME" || ME=; MYUID=; MEE=; RUE=; PWS=; if [ -n "$ME$RU" ] && [ -f /etc/passwd ] && [ -r /etc/passwd ]; then pn=0; PWS=whole; while IFS= read -r pl || [ -n "$pl" ]; do` +
      ' case $pl in "$ME":*) [ -z "$ME" ] || [ -n "$MEE" ] || MEE=$pl;; esac; case $pl in "$RU":*) [ -z "$RU" ] || [ -n "$RUE" ] || RUE=$pl;; esac;' +
      ` if { [ -n "$MEE" ] || [ -z "$ME" ]; } && { [ -n "$RUE" ] || [ -z "$RU" ]; }; then PWS=found; break; fi; pn=$((pn + \${#pl} + 1)); if [ "$pn" -ge ${PASSWD_MAX} ]; then PWS=cut; break; fi; pl=; done </etc/passwd; fi`,
    // the uid the kernel gives this shell (/proc/self/status `Uid:`, its real uid) must be that entry's: a LOGNAME kept
    // through sudo (env_keep) names the user who logged in, not the one the probe runs as; then `id` answers
    'if [ -n "$MEE" ]; then x=${MEE#*:}; x=${x#*:}; MYUID=${x%%:*}; case $MYUID in \'\'|*[!0-9]*) MYUID=;; esac; fi',
    'KU=; if [ -n "$MYUID" ] && [ -r /proc/self/status ]; then while read -r k v _; do case $k in Uid:) KU=$v; break;; esac; done </proc/self/status; [ -z "$KU" ] || [ "$KU" = "$MYUID" ] || MYUID=; fi',
    'if [ -z "$MYUID" ]; then IDS=$(id 2>/dev/null); x=${IDS#uid=}; MYUID=${x%%[!0-9]*}; ME=; case $x in "$MYUID("*) ME=${x#*\\(}; ME=${ME%%\\)*};; esac;',
    '  case $IDS in uid=[0-9]*) [ -n "$ME" ] || ME=$(id -un);; *) MYUID=$(id -u); ME=$(id -un);; esac; fi'
  ]
  const run = [
    // the trust test and haStatus (the viewer waits for it) first: the longest chains
    'if [ -n "$W" ]; then job trust g_trust; PT=$P; job hastatus g_hastatus_bg; PH=$P; fi',
    // identity is the first section out, the clock read just before the first byte
    // the host name from the kernel (/proc/sys/kernel/hostname, read by the shell); `hostname` where that cannot be read
    'NOW=$(date +%s); HN=; [ ! -r /proc/sys/kernel/hostname ] || IFS= read -r HN </proc/sys/kernel/hostname; [ -n "$HN" ] || HN=$(hostname 2>/dev/null) || HN=$(uname -n 2>/dev/null)',
    'fr identity 1024 0 "now=$NOW\nuser=$ME\nuid=$MYUID\nhost=$HN"',
    // then the other jobs
    // on the configured primary the logs job starts the drift dry run as soon as it has ha.log's last `cmd:` line (DSPEC)
    'PF=; DSPEC=; DS=; if [ -n "$W" ]; then [ "$ROLE" != primary ] || DSPEC=1; job logs g_logs_rot; PL=$P; job ping g_ping; PP=$P; job tools g_tools; PO=$P; job disk g_disk; PD=$P; fi',
    'CF=$C1; CZ=$Z1; CB=$B1; bs cfg.haSvr s_cfg',
    'CF=$C2; CZ=$Z2; CB=$B2; bs cfg.guiSvr s_cfg',
    'CF=$C3; CZ=$Z3; CB=$B3; bs cfg.devSvr s_cfg',
    // each group is printed as soon as its turn comes and its job is done; the viewer starts once haStatus says active
    // the drift dry run: on the configured primary it started with the other jobs (above); when haStatus says this node is not
    // the active one it is stopped with what it started and the section says so (as on any node not active)
    'if [ -n "$W" ]; then wait $PH; [ ! -e "$W/active" ] || ACTIVE=1; job viewer g_viewer; PV=$P; if [ -z "$DSPEC" ]; then [ -z "$ACTIVE" ] || wait $PL; job drift g_drift; PF=$P; elif [ -z "$ACTIVE" ]; then : >"$W/inactive"; DP=; read -r DP 2>/dev/null <"$W/dpid"; [ -z "$DP" ] || stopjob "$DP"; DS=1; fi; wait $PO $PP $PT; pf "$W/hastatus" "$W/tools" "$W/ping" "$W/trust"; else g_hastatus; g_tools; g_ping; g_trust; fi',
    // the viewer (last) is usually done long before: printed by the shell, no program
    // (a dry run started on a node haStatus says is not active: stopped above, its section replaced by the skip)
    'if [ -n "$W" ]; then wait $PL $PD $PF $PV; [ -z "$DS" ] || { DSPEC=; ( exec >"$W/drift" 2>&1 </dev/null; g_drift ); }; pf "$W/logs" "$W/disk" "$W/drift" "$W/viewer"; else g_logs_rot; g_disk; g_drift; g_viewer; fi',
    // done: everything ended by itself; the watchdog stops, the temp dir goes (cleanup)
    'DONE=1; J=',
    'exit 0'
  ]
  return [...lines, ...run].join('\n') + '\n'
}
