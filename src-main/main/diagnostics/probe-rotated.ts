/**
 * The probe's `guilog-rotated` section: NSM rotates guiDaemon.0 to guiDaemon.1, .2 …, so the last
 * `guiSvrManager starting` (and the ha-link, address and role lines after it) may sit in a rotated file.
 * When the guilog section holds no start, the rotated files are searched newest first — each with one
 * grep on the node and one awk keeping the last lines per event kind, exactly like guiDaemon.0 — until one
 * holds a start, at most ROTATED_MAX files. When guiDaemon.0 has a start nothing more is read.
 *
 * Section body (docs/nsm-formats.md A-21), one block per file searched, newest first:
 *   file=<path>
 *   size=<bytes>            (or `missing: …` / `not readable …`)
 *   <lineNo>:<line>         the last lines per event kind, in line order
 *   0:#count <KIND> <n>
 * or `@skip <why>` when guiDaemon.0 already holds the last start.
 */
import { GUI_AWK_KINDS, GUI_GREP_ERE } from './parsers/guilog'

/** rotated files searched at most (guiDaemon.1 … guiDaemon.ROTATED_MAX), seconds per file, section cap */
export const ROTATED_MAX = 9
export const ROTATED_TIMEOUT_S = 60
export const ROTATED_CAP = 32_768
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
    'g_rot() { case "$RNL$1" in *"${RNL}0:#count START "*) fr guilog-rotated 256 0 "@skip the last start is in $C5"; return 0;; esac;' +
      ' b=${C5%.0}; RO=; k=1; while [ "$k" -le ' +
      ROTATED_MAX +
      ' ]; do f=$b.$k; [ -e "$f" ] || break; why "$f";' +
      ' if [ -n "$WHY" ]; then RO="$RO${RNL}file=$f${RNL}$WHY"; k=$((k + 1)); continue; fi;' +
      ` z=$(wc -c <"$f" 2>/dev/null); r=$($T${ROTATED_TIMEOUT_S} grep -a -n -E ${q(GUI_GREP_ERE)} "$f" </dev/null 2>/dev/null | awk ${q(rotatedAwk())});` +
      ' RO="$RO${RNL}file=$f${RNL}size=${z##* }"; [ -z "$r" ] || RO="$RO$RNL$r";' +
      ' case "$RNL$r" in *"${RNL}0:#count START "*) break;; esac; k=$((k + 1)); done;' +
      ` fr guilog-rotated ${ROTATED_CAP} 0 "\${RO#?}"; }`,
    // the two log sections, then the rotated files when guiDaemon.0 holds no start
    'g_logs_rot() { LO=$(g_logs); printf \'%s\\n\' "$LO"; g_rot "$LO"; }'
  ]
}
