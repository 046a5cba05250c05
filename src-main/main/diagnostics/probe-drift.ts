/**
 * The probe's `drift` section (check rsync.drift, KB11264 step 5): on the active node only, as the rsync
 * user, an rsync DRY RUN (`-n`, so nothing is written anywhere) of the sync NSM itself runs — HOME/GuiSvr/var/
 * to <rsyncUser>@<peerIpAddr>:HOME/GuiSvr/var/ honouring HaSvr/var/exclude.rsync, `--delete` only when
 * ha.log's last `cmd:` line has it — with `--itemize-changes`, so every line it prints is one path the next
 * sync would change on the standby. One awk on the node keeps the first DRIFT_KEEP paths, the totals per
 * kind and the last few other lines (errors), so the section stays small whatever the drift; the dry run is
 * cut by `timeout` after DRIFT_TIMEOUT_S seconds when the node has timeout(1).
 *
 * Section body (docs/nsm-formats.md "rsync.drift"):
 *   user=<rsyncUser> / peer=<peerIpAddr> / cmd=<the exact rsync command line>
 *   i <itemized line>            the first DRIFT_KEEP paths, in rsync's order
 *   total=N new=N changed=N deleted=N attrs=N
 *   e <other line>               the last DRIFT_KEEP_ERRORS non-item lines (ssh/rsync errors)
 *   errors=N / rc=<rsync exit code>
 * or `@skip <why>` (not the active node; rsync user or peer address not set; an NSM home path with characters
 * outside [A-Za-z0-9._/+-], which rsync before 3.2.4 would hand to the peer's shell unescaped), or `missing: …` /
 * `not readable …` for exclude.rsync (the sync itself would fail without it).
 */

/** paths listed per run, other (error) lines kept, seconds before the dry run is stopped, section cap */
export const DRIFT_KEEP = 20
export const DRIFT_KEEP_ERRORS = 5
export const DRIFT_TIMEOUT_S = 60
export const DRIFT_CAP = 16_384

/** The remote shell of the dry run: the trust test's options (A-17). */
export const DRIFT_SSH = 'ssh -o BatchMode=yes -o ConnectTimeout=10'

/**
 * awk over the dry run's merged stdout/stderr plus a final `@rc=<n>` line. An itemized line is
 * `YXcstpoguax path` (Y one of `<>ch.`, X one of `fdLDSU`) or `*deleting path`.
 */
const DRIFT_AWK = [
  `BEGIN { keep = ${DRIFT_KEEP}; ke = ${DRIFT_KEEP_ERRORS} }`,
  '/^@rc=[0-9]+$/ { rc = substr($0, 5); next }',
  '/^\\*deleting / || /^[<>ch.][fdLDSU][^ ]* / { n++; y = substr($0, 1, 1);',
  'if (y == "*") del++; else if (substr($0, 3, 1) == "+") add++; else if (y == "<" || y == ">") chg++; else att++;',
  'if (n <= keep) print "i " substr($0, 1, 300); next }',
  '/[^ \\t\\r]/ { ne++; e[ne % ke] = substr($0, 1, 300) }',
  'END { printf "total=%d new=%d changed=%d deleted=%d attrs=%d\\n", n, add, chg, del, att;',
  'for (i = ne > ke ? ne - ke + 1 : 1; i <= ne; i++) print "e " e[i % ke];',
  'printf "errors=%d\\nrc=%s\\n", ne, rc == "" ? "?" : rc }'
].join(' ')

/** Shell single-quoting for text known at build time. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/**
 * The shell functions of the drift section, for the probe script (they use the probe's RU, PEER (the resolved peer
 * address, A-1) and PK (the key it was read from), ME,
 * MYUID, ACTIVE, H, C4 and T<n>, canread, cs). `g_drift` is run as its own background job once haStatus
 * says whether the node is active.
 */
export function driftShell(): string[] {
  const rsync = `rsync -n $DO --itemize-changes --exclude-from="$DX" -e ${q(DRIFT_SSH)} "$DS" "$DT"`
  // as root through su: the values go in the environment, the command text is a constant (nothing read
  // from the node is ever part of a command string)
  const viaSu = `rsync -n $NSMHAD_DO --itemize-changes --exclude-from="$NSMHAD_DX" -e "${DRIFT_SSH}" "$NSMHAD_DS" "$NSMHAD_DT"`
  return [
    // the dry run as the rsync user, merged output and a final @rc line, summarised by one awk
    `d_run() { { if [ "$ME" = "$RU" ]; then $T${DRIFT_TIMEOUT_S} ${rsync};` +
      ` elif [ "$MYUID" = 0 ]; then ( NSMHAD_DO=$DO; NSMHAD_DX=$DX; NSMHAD_DS=$DS; NSMHAD_DT=$DT; export NSMHAD_DO NSMHAD_DX NSMHAD_DS NSMHAD_DT; $T${DRIFT_TIMEOUT_S} su -s /bin/sh -c ${q(viaSu)} "$RU" );` +
      ` else $T${DRIFT_TIMEOUT_S} sudo -n -u "$RU" ${rsync}; fi; r=$?; echo; echo "@rc=$r"; } </dev/null 2>&1 | awk ${q(DRIFT_AWK)}; }`,
    // DSPEC: started with the other jobs on the configured primary, before haStatus said whether it is active (the probe
    // stops it and prints the skip when it is not)
    's_drift() { [ -n "$ACTIVE$DSPEC" ] || { echo "@skip not the active node"; return 0; };' +
      ' [ -n "$RU" ] || { echo "@skip highAvail.rsyncUser not set"; return 3; }; [ -n "$PEER" ] || { echo "@skip $PK not set"; return 3; };' +
      ' case $H in *[!A-Za-z0-9._/+-]*) echo "@skip the NSM home path holds characters the peer\'s shell would interpret: $H"; return 3;; esac;' +
      ' DX=$H/HaSvr/var/exclude.rsync; canread "$DX" || return 2; DS=$H/GuiSvr/var/; DT=$RU@$PEER:$H/GuiSvr/var/; DO=-a;' +
      // --delete only when the sync NSM logged uses it (the last `cmd:` line of ha.log: DL, from the logs' search)
      ` [ -n "$DL" ] || [ -z "$W" ] || [ ! -f "$W/dl" ] || IFS= read -r DL <"$W/dl"; case $DL in *' --delete'*) DO='-a --delete';; esac;` +
      ` printf 'user=%s\\npeer=%s\\ncmd=rsync -n %s --itemize-changes --exclude-from=%s -e "%s" %s %s\\n' "$RU" "$PEER" "$DO" "$DX" ${q(DRIFT_SSH)} "$DS" "$DT"; d_run; }`,
    // bounded by construction (the awk keeps DRIFT_KEEP + DRIFT_KEEP_ERRORS lines of at most 300 bytes): streamed, no cap program
    `g_drift() { bs drift s_drift; }`
  ]
}
