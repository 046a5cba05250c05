/**
 * The probe's `guilog-rotated` section: NSM rotates guiDaemon.0 to guiDaemon.1, .2 …, so the last
 * `guiSvrManager starting` (and the ha-link, address and role lines after it) may sit in a rotated file.
 * When the guilog section holds no start, the rotated files are searched newest first — each with one
 * grep on the node and one awk keeping the last lines per event kind, exactly like guiDaemon.0 — until one
 * holds a start, at most ROTATED_MAX files. A rotated file may be compressed (`guiDaemon.k.gz`, read with
 * `gzip -dc`, its first ROTATED_GZ_MAX_BYTES uncompressed bytes); plain and compressed files may be mixed.
 * Every read (the size too) runs under a time limit; a file that is not a regular file (a FIFO) is never
 * opened. When guiDaemon.0 has a start nothing more is read.
 *
 * Section body (docs/nsm-formats.md A-21), one block per file searched, newest first:
 *   file=<path>             (guiDaemon.k or guiDaemon.k.gz)
 *   size=<bytes>            the file's size (compressed for .gz), or `not readable …` / `timed out reading …`
 *   <lineNo>:<line>         the last lines per event kind, in line order
 *   0:#count <KIND> <n>
 * or `@skip <why>` when guiDaemon.0 already holds the last start.
 */
import { GUI_AWK_KINDS, GUI_GREP_ERE } from './parsers/guilog'

/** rotated files searched at most (guiDaemon.1 … guiDaemon.ROTATED_MAX), seconds per file, section cap */
export const ROTATED_MAX = 9
export const ROTATED_TIMEOUT_S = 60
export const ROTATED_CAP = 32_768
/** a compressed rotated file (guiDaemon.k.gz) is read through `gzip -dc`, its first bytes up to this many uncompressed */
export const ROTATED_GZ_MAX_BYTES = 268_435_456
/** lines kept per event kind and file, and where a line is cut: as for guiDaemon.0 (probe-script GUI_KEEP_PER_KIND, GUI_LINE_MAX) */
export const ROTATED_KEEP_PER_KIND = 6
export const ROTATED_LINE_MAX = 2048

/** awk over `grep -n` of one rotated file: the last GUI_KEEP_PER_KIND lines per kind and the counts. */
function rotatedAwk(): string {
  const kinds = GUI_AWK_KINDS.map(([kind, re], i) => `${i === 0 ? 'if' : 'else if'} (l ~ /${re}/) k = "${kind}"`)
  const keep = ROTATED_KEEP_PER_KIND
  return [
    `{ l = $0; if (length(l) > ${ROTATED_LINE_MAX}) l = substr(l, 1, ${ROTATED_LINE_MAX}) " … [cut: " (length(l) - ${ROTATED_LINE_MAX}) " more bytes]";`,
    `k = ""; ${kinds.join('; ')}; if (k == "") next; c[k]++; b[k, c[k] % ${keep}] = l }`,
    `END { m = 0; for (k in c) { L[++m] = "0:#count " k " " c[k]; n = c[k] < ${keep} ? c[k] : ${keep};`,
    `for (i = c[k] - n + 1; i <= c[k]; i++) L[++m] = b[k, i % ${keep}] }`,
    'for (i = 2; i <= m; i++) { x = L[i]; xn = x + 0; j = i - 1;',
    'while (j > 0 && (L[j] + 0 > xn || (L[j] + 0 == xn && L[j] "" > x ""))) { L[j + 1] = L[j]; j-- } L[j + 1] = x }',
    'for (i = 1; i <= m; i++) print L[i] }'
  ].join(' ')
}

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/**
 * Shell functions: `g_rot TEXT` prints the guilog-rotated section given the captured output of the two
 * log sections (it needs only whether guiDaemon.0 counted a start: a `0:#count START` line, which no log
 * line can forge since every log line is sent as `<lineNo>:` with lineNo ≥ 1). Uses C5 (guiDaemon.0), why,
 * fr and T<n> of the probe.
 */
export function rotatedShell(): string[] {
  return [
    "RNL='\n'",
    // rz FILE: the last start's search in one rotated file: its size (under the read limit), then grep (plain) or
    // gzip -dc cut at ROTATED_GZ_MAX_BYTES (compressed) under the per-file limit, and the awk
    'rz() { z=$(tl "$RL" wc -c "$1" 2>/dev/null); [ $? != 124 ] || { r="timed out reading $1"; return; }; z=${z%"$1"}; z=${z%"${z##*[0-9]}"}; z=${z##*[!0-9]}; case $1 in' +
      ` *.gz) r=$({ tl ${ROTATED_TIMEOUT_S} gzip -dc "$1" 2>/dev/null | head -c ${ROTATED_GZ_MAX_BYTES} | grep -a -n -E ${q(GUI_GREP_ERE)}; } </dev/null 2>/dev/null | awk ${q(rotatedAwk())});;` +
      ` *) r=$($T${ROTATED_TIMEOUT_S} grep -a -n -E ${q(GUI_GREP_ERE)} "$1" </dev/null 2>/dev/null | awk ${q(rotatedAwk())});; esac; r="size=$z\${r:+$RNL$r}"; }`,
    'g_rot() { case "$RNL$1" in *"${RNL}0:#count START "*) fr guilog-rotated 256 0 "@skip the last start is in $C5"; return 0;; esac;' +
      ' b=${C5%.0}; RO=; k=1; while [ "$k" -le ' +
      ROTATED_MAX +
      // guiDaemon.k, else guiDaemon.k.gz (rotation compressed it); neither: the end of the rotated files
      ' ]; do f=$b.$k; [ -e "$f" ] || f=$f.gz; [ -e "$f" ] || break; why "$f";' +
      ' if [ -n "$WHY" ]; then RO="$RO${RNL}file=$f${RNL}$WHY"; k=$((k + 1)); continue; fi;' +
      ' rz "$f"; RO="$RO${RNL}file=$f${RNL}$r";' +
      ' case "$RNL$r" in *"${RNL}0:#count START "*) break;; esac; k=$((k + 1)); done;' +
      ` fr guilog-rotated ${ROTATED_CAP} 0 "\${RO#?}"; }`,
    // the two log sections, then the rotated files when guiDaemon.0 holds no start
    // (DL: ha.log's last `cmd:` line, for the drift dry run: kept in $W/dl for a drift job of its own; on the configured primary
    // (DSPEC) the dry run starts here, and is stopped by whichever of this job and the probe's shell sees `inactive` after the other
    // wrote its part: this job the dry run's pid, the shell `inactive` once haStatus says the node is not active)
    'g_logs_rot() { LO=$(g_logs); DL=; case $LO in "@@dl "*) DL=${LO%%"$RNL"*}; DL=${DL#@@dl }; LO=${LO#*"$RNL"};; esac; printf \'%s\\n\' "$LO"; DP=;' +
      ' if [ -n "$W" ]; then printf \'%s\\n\' "$DL" >"$W/dl"; if [ -n "$DSPEC" ] && [ ! -e "$W/inactive" ]; then { exec >"$W/drift" 2>&1 </dev/null; g_drift; } & DP=$!; echo "$DP" >"$W/dpid"; [ ! -e "$W/inactive" ] || stopjob "$DP"; fi; fi;' +
      ' g_rot "$LO"; [ -z "$DP" ] || wait "$DP"; }'
  ]
}
