/**
 * The simulated node's programs: NSM's own (haStatus, the haSvr init script, .haDoDirect, the database
 * viewer) and the OS stand-ins of docs/nsm-formats.md (env.sh and .sim/bin shims). All POSIX sh.
 * Every script starts by sourcing the node's .sim/node.env, which names the node's real root, its peer's
 * root, the pair's virtual root (rewritten to the node's own root in every command) and its addresses.
 */
import { RESYNC_BODY } from './replication'

/** A template tag for shell text: raw (backslashes kept) but `\${` gives a literal shell `${`. */
function sh(strings: TemplateStringsArray, ...values: unknown[]): string {
  return String.raw(strings, ...values).replaceAll('\\${', '${')
}

/**
 * One awk preamble for reading configs the way NSM tolerates them (nsm-formats.md and its format
 * variants): CRLF, leading blanks, `key value`, `key=value`, `key = value`, tabs, `#` comments, and the
 * alias names of A-1/A-2/A-3 mapped to the canonical key, and `highAvail.primaryServerIp` / `secondaryServerIp`
 * mapped to the local / peer address by the node's role (SIM_NODE). Sets K (canonical key, "" for none), V, and S = 1
 * for a server-ip key (its local/peer meaning is the reading node's, so a peer's file swaps it back).
 */
const CFG_AWK = sh`BEGIN { n = split("highAvail.localAddr highAvail.myAddr highAvail.ipAddr", x, " "); for (i = 1; i <= n; i++) al[x[i]] = "highAvail.localIpAddr"
  n = split("highAvail.peerAddr highAvail.peerIp", x, " "); for (i = 1; i <= n; i++) al[x[i]] = "highAvail.peerIpAddr"
  n = split("highAvail.pingableIpAddr highAvail.pingIp", x, " "); for (i = 1; i <= n; i++) al[x[i]] = "highAvail.pingableIp"
  al["highAvail.setuid"] = "guiSvr.setuid"
  if (ENVIRON["SIM_NODE"] == "secondary") { sv["highAvail.secondaryServerIp"] = "highAvail.localIpAddr"; sv["highAvail.primaryServerIp"] = "highAvail.peerIpAddr" }
  else { sv["highAvail.primaryServerIp"] = "highAvail.localIpAddr"; sv["highAvail.secondaryServerIp"] = "highAvail.peerIpAddr" } }
{ sub(/\r$/, ""); sub(/^[ \t]+/, ""); K = ""; V = ""; S = 0
  if ($0 != "" && substr($0, 1, 1) != "#") { K = $0; sub(/[ \t=].*$/, "", K); V = substr($0, length(K) + 1); sub(/^[ \t]*=?[ \t]*/, "", V); sub(/[ \t]+$/, "", V); if (K in al) K = al[K]; else if (K in sv) { K = sv[K]; S = 1 } } }`

/** Shared shell helpers, inlined at the top of each NSM script after node.env is sourced. */
const LIB = sh`
state() { _s=; read -r _s 2>/dev/null <"$SIM_ROOT/.sim/state/$1"; printf '%s\n' "$_s"; }
peerstate() { _s=; read -r _s 2>/dev/null <"$SIM_PEER_ROOT/.sim/state/$1"; printf '%s\n' "$_s"; }
running() { [ -f "$1/.sim/state/running" ]; }
cfgval() { awk -v k="$2" '${CFG_AWK}
K == k { last = V } END { print last }' "$1" 2>/dev/null; }
# a guiDaemon.0 line in the variant's stamp format (tree.ts guiPrefix writes the same)
guiline() {
  case \${SIM_STAMPS-slash} in
    none) printf '[%s] [%s] %s%s\n' "$1" "$2" "$3" "$SIM_CR" ;;
    syslog) printf '%s [%s] [%s] %s%s\n' "$(date '+%b %e %H:%M:%S')" "$1" "$2" "$3" "$SIM_CR" ;;
    iso) printf '%s [%s] [%s] %s%s\n' "$(date '+%Y-%m-%dT%H:%M:%S')" "$1" "$2" "$3" "$SIM_CR" ;;
    *) printf '[%s] [%s] [%s] %s%s\n' "$(date '+%Y/%m/%d %H:%M:%S.000')" "$1" "$2" "$3" "$SIM_CR" ;;
  esac
}
guilog() { guiline "$@" >> "$NSM_HOME/GuiSvr/var/errorLog/guiDaemon.0"; }
peerguilog() { guiline "$@" >> "$SIM_PEER_ROOT/usr/netscreen/GuiSvr/var/errorLog/guiDaemon.0"; }
halog() { if [ "$(cfgval "$NSM_HOME/HaSvr/var/haSvr.cfg" highAvail.writetoLog)" = y ]; then printf '[%s] %-5s %s%s\n' "$(date '+%Y/%m/%d %H:%M:%S')" "$1" "$2" "$SIM_CR" >> "$NSM_HOME/HaSvr/var/errorLog/ha.log"; fi; }
`

/**
 * The OS files a probe reads that a simulated node answers from its own tree (under the node's root; `$SIM_USER`: the
 * session user): /proc/mounts (the shared disk of cfg.shared-disk), the kernel's host name, the session user's
 * /proc/self/status and /etc/passwd. `whole`: only as a path of its own, not the end of a longer one.
 */
export const NODE_OWN_FILES: readonly { os: string; node: string; whole?: boolean }[] = [
  { os: '/proc/mounts', node: '.sim/mounts' },
  { os: '/proc/sys/kernel/hostname', node: '.sim/hostname' },
  { os: '/proc/self/status', node: '.sim/status/$SIM_USER' },
  { os: '/etc/passwd', node: 'etc/passwd', whole: true }
]
/** characters that continue a path: a `whole` file name preceded by one of them is the end of a longer path */
const PATH_CHARS = 'A-Za-z0-9._/-'

/** env.sh's sed expressions for NODE_OWN_FILES (the node's root is $SIM_ROOT there) */
const NODE_OWN_SED = NODE_OWN_FILES.map(({ os, node, whole }) =>
  whole ? `-e "s#\\(^\\|[^${PATH_CHARS}]\\)${os}#\\1$SIM_ROOT/${node}#g"` : `-e "s#${os}#$SIM_ROOT/${node}#g"`
).join(' ')

/**
 * A text (a script put in a file on the node) as env.sh maps a command it is sent: the pair's virtual root and
 * NODE_OWN_FILES to the node's own tree, for `user`.
 */
export function asOnNode(text: string, vroot: string, nodeRoot: string, user: string): string {
  let out = text.replaceAll(`${vroot}/`, `${nodeRoot}/`)
  for (const { os, node, whole } of NODE_OWN_FILES) {
    const to = `${nodeRoot}/${node.replace('$SIM_USER', user)}`
    out = whole
      ? out.replace(new RegExp(`(^|[^${PATH_CHARS}])${os.replace(/[.]/g, '\\.')}`, 'gm'), (_m, pre: string) => pre + to)
      : out.replaceAll(os, to)
  }
  return out
}

export const ENV_SH = sh`#!/bin/sh
# Session entry of a simulated NSM node: every SSH exec and shell runs through here (embedded server and
# OpenSSH ForceCommand alike). It makes the node look like its own host: HOME of the login user, the
# node's OS stand-ins first on PATH, and the pair's virtual root rewritten to this node's tree.
case $0 in */*) SIM_ENV_DIR=\${0%/*} ;; *) SIM_ENV_DIR=. ;; esac
. "$SIM_ENV_DIR/node.env"
SIM_USER=\${SIM_USER:-root}
# (builtins only where a program is not needed: every exec of a check goes through here)
hasuser() { while IFS=: read -r _n _r || [ -n "$_n" ]; do [ "$_n" != "$1" ] || return 0; done <"$SIM_ROOT/etc/passwd"; return 1; }
if ! hasuser "$SIM_USER"; then
  echo "Permission denied: no account $SIM_USER on $SIM_HOSTNAME" >&2
  exit 255
fi
HOME=$SIM_ROOT/home/$SIM_USER
USER=$SIM_USER
LOGNAME=$SIM_USER
PATH=$SIM_ROOT/.sim/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export SIM_USER HOME USER LOGNAME PATH NSM_HOME NSM_DATA SIM_ROOT SIM_PEER_ROOT SIM_VROOT SIM_HOSTNAME
cd "$HOME" 2>/dev/null || cd /
cmd=\${1-\${SSH_ORIGINAL_COMMAND-}}
if [ -z "$cmd" ]; then
  cat "$SIM_ROOT/etc/motd" 2>/dev/null
  if [ "$SIM_USER" = root ]; then PS1="[$SIM_USER@$SIM_HOSTNAME ~]# "; else PS1="[$SIM_USER@$SIM_HOSTNAME ~]\$ "; fi
  export PS1
  # the embedded server has no terminal of its own: when the client asked for one (SIM_PTY=COLSxROWS),
  # script(1) gives the shell a real pty (echo, line editing, Ctrl-C); without one, no job control
  if [ -n "\${SIM_PTY-}" ] && command -v script >/dev/null 2>&1; then
    cols=\${SIM_PTY%x*}; rows=\${SIM_PTY#*x}; unset SIM_PTY
    case "$cols$rows" in ''|*[!0-9]*) cols=80; rows=24 ;; esac
    exec script -qfec "stty cols $cols rows $rows 2>/dev/null; exec /bin/sh -i" /dev/null
  fi
  exec /bin/sh +m -i
fi
case $cmd in
  *"$SIM_VROOT/"*)
    # the OS files the node answers from its own tree (NODE_OWN_FILES)
    cmd=$(sed -e "s#$SIM_VROOT_RE/#$SIM_ROOT/#g" ${NODE_OWN_SED} <<SIM_EOF
$cmd
.
SIM_EOF
)
    cmd=\${cmd%.} ;;
  *) cmd="$cmd
" ;;
esac
exec /bin/sh -c "$cmd"
`

export const HA_STATUS = sh`#!/bin/sh
# NSM haStatus (simulated): computes the state of both nodes from the two trees.
. "$SIM_ROOT/.sim/node.env"
${LIB}
L=$NSM_HOME/HaSvr/var/haSvr.cfg
P=$SIM_PEER_ROOT/usr/netscreen/HaSvr/var/haSvr.cfg
# the six values of both configs in one awk pass (cfgval's rules: last occurrence wins; an unreadable
# file gives empty values), in this order
LR=/dev/null; [ ! -r "$L" ] || LR=$L; PR=/dev/null; [ ! -r "$P" ] || PR=$P
vals=$(awk '${CFG_AWK}
  { f = FILENAME == ARGV[1] ? 1 : 2; if (f == 2 && S) K = K == "highAvail.localIpAddr" ? "highAvail.peerIpAddr" : "highAvail.localIpAddr" }
  K == "highAvail.localIpAddr" { la[f] = V } K == "highAvail.peerIpAddr" { pa[f] = V } K == "highAvail.HMACKey" { hk[f] = V }
  END { print la[1]; print pa[1]; print hk[1]; print la[2]; print pa[2]; print hk[2] }' "$LR" "$PR" 2>/dev/null)
{ IFS= read -r laddr; IFS= read -r paddr; IFS= read -r lkey; IFS= read -r plocal; IFS= read -r ppeer; IFS= read -r pkey; } <<SIM_EOF
$vals
SIM_EOF
ver=; read -r ver 2>/dev/null <"$NSM_HOME/GuiSvr/var/version"; ver=\${ver%"$SIM_CR"}
# the layout of the node's format variant: A-5 (tabular), only the two KB10366 lines (compact), process lines
# in other wordings (wording), KB10366's whole sample byte for byte (kb10366: six-space indent, dot leaders to
# column 51, ON/OFF, blank lines between), or state lines led by the server's IP (ip-led, PR 592133's reading)
rule() { case $SIM_HASTATUS in compact|kb10366|ip-led) ;; *) echo "----------------------------------------------------------------" ;; esac; }
server() {
  case $SIM_HASTATUS in
    compact) printf '%s Server: %s %s db-repl:%s\n' "$1" "$3" "$4" "$5" ;;
    kb10366) [ "$1" = Local ] || echo; printf '      %s Server: %s %s db-repl:%s\n' "$1" "$3" "$4" "$5" ;;
    ip-led) printf '%s %s %s db-repl:%s\n' "$2" "$3" "$4" "$5" ;;
    *) if [ "$1" = Local ]; then printf 'Local Server : %-12s %-18s %-13s %s\n' "$2" "$3" "$4" "db-repl:$5"
       else printf 'Peer Server  : %-12s %-18s %-13s %s\n' "$2" "$3" "$4" "db-repl:$5"; fi ;;
  esac
}
# a KB10366 process line: name and pid, a dot leader to column 51, ON or OFF
kbproc() { _l="$1 ($2)"; while [ \${#_l} -lt 51 ]; do _l="$_l."; done; printf '      %s%s\n' "$_l" "$3"; }
procs() {
  case $SIM_HASTATUS in
    compact|ip-led|kb10366) ;;
    wording) if [ "$1" = started ]; then echo "highAvail    : started"; echo "highAvailSvr is running"; else echo "highAvail    : stopped"; echo "highAvailSvr is not running"; fi ;;
    *) echo "Process highAvail    : $1"; echo "Process highAvailSvr : $1" ;;
  esac
}
# KB10366's head: title, the process lines (before the server lines), the server section's title
kbhead() {
  [ "$SIM_HASTATUS" = kb10366 ] || return 0
  printf '      H/A process status\n\n      Retrieving status...\n'
  if [ "$1" = started ]; then kbproc highAvail "pid 26654" ON; kbproc highAvailSvr "pid 27828" ON
  else kbproc highAvail "pid -" OFF; kbproc highAvailSvr "pid -" OFF; fi
  printf '\n      State of the local and peer H/A server\n\n'
}
case $SIM_HASTATUS in compact|kb10366|ip-led) ;; *) echo "NSM HA Status ($ver)" ;; esac
rule
if ! running "$SIM_ROOT"; then
  kbhead stopped
  server Local "$laddr" stopped network-up unknown
  server Peer "$paddr" unknown network-unknown unknown
  rule
  procs stopped
  echo "haStatus: cannot connect to the local highAvail process" >&2
  exit 1
fi
hb=ok
running "$SIM_PEER_ROOT" || hb=down
[ "$lkey" = "$pkey" ] || hb=down
[ "$paddr" = "$plocal" ] || hb=down
[ "$laddr" = "$ppeer" ] || hb=down
[ -f "$SIM_ROOT/.sim/state/heartbeat-blocked" ] && hb=down
[ -f "$SIM_PEER_ROOT/.sim/state/heartbeat-blocked" ] && hb=down
S=$SIM_ROOT/.sim/state; PS=$SIM_PEER_ROOT/.sim/state
role=; read -r role 2>/dev/null <"$S/role"
if [ "$role" = active ]; then lrole=running; else lrole=standby; fi
repl=; if [ "$role" = standby ]; then read -r repl 2>/dev/null <"$S/repl"; else read -r repl 2>/dev/null <"$PS/repl"; fi
[ -n "$repl" ] || repl=in-sync
running "$SIM_PEER_ROOT" || repl=dirty
prole=; read -r prole 2>/dev/null <"$PS/role"
if [ "$hb" = ok ]; then if [ "$prole" = active ]; then prole=running; else prole=standby; fi; pnet=network-up
else prole='timed-out(error)'; pnet=network-down; fi
lrepl=$repl; prepl=$repl
kbhead started
server Local "$laddr" "$lrole" network-up "$lrepl"
server Peer "$paddr" "$prole" "$pnet" "$prepl"
rule
procs started
exit 0
`

export const HA_INIT = sh`#!/bin/sh
# /etc/init.d/haSvr (simulated): start|stop|status|restart of the node's HA server, which starts and
# stops GuiSvr/DevSvr. State is real: a running marker, role and replication state, guiDaemon.0 lines,
# and on a standby with an empty database a background re-sync from the primary.
. "$SIM_ROOT/.sim/node.env"
${LIB}
S=$SIM_ROOT/.sim/state
C=$NSM_HOME/HaSvr/var/haSvr.cfg
DATA=$NSM_DATA/GuiSvr/xdb
start() {
  if running "$SIM_ROOT"; then echo "haSvr is already running"; return 0; fi
  echo "Starting haSvr:"
  touch "$S/running"
  if running "$SIM_PEER_ROOT" && [ "$(peerstate role)" = active ] && [ ! -f "$S/heartbeat-blocked" ]; then
    echo standby > "$S/role"
  elif ! running "$SIM_PEER_ROOT"; then
    echo active > "$S/role"
  fi
  guilog info guiSvrManager "guiSvrManager starting (pid $$)"
  guilog info haLink "read highAvail.heartbeatPort; myAddr = $(cfgval "$C" highAvail.localIpAddr)"
  guilog info haLink "read highAvail.heartbeatPort; peerAddr = $(cfgval "$C" highAvail.peerIpAddr)"
  guilog debug connectionMgr "connectionMgr connected to ha-link"
  halog INFO "highAvail started (role $(state role))"
  if [ "$(state role)" = active ]; then
    guilog info bdbRep "get BDB event DB_EVENT_REP_MASTER"
    echo in-sync > "$S/repl"
  else
    guilog info bdbRep "get BDB event DB_EVENT_REP_CLIENT"
    if [ -z "$(ls "$DATA/data" 2>/dev/null | grep -v '^DB_CONFIG$')" ]; then
      echo dirty > "$S/repl"
      nohup "$SIM_ROOT/.sim/bin/sim-resync" </dev/null >/dev/null 2>&1 &
      echo $! > "$S/resync.pid"
      echo "  database empty: re-synchronising from the primary"
    else
      guilog info bdbRep "get BDB event DB_EVENT_REP_NEWMASTER"
      guilog info bdbRep "get BDB event DB_EVENT_REP_STARTUPDONE"
      echo in-sync > "$S/repl"
    fi
  fi
  echo "  highAvail, highAvailSvr, guiSvr, devSvr started ($(state role))"
}
stop() {
  if ! running "$SIM_ROOT"; then echo "haSvr is not running"; return 0; fi
  echo "Stopping haSvr:"
  if [ -f "$S/resync.pid" ]; then kill "$(cat "$S/resync.pid")" 2>/dev/null; rm -f "$S/resync.pid"; fi
  rm -f "$S/running"
  guilog info guiSvrManager "guiSvrManager stopping"
  halog INFO "highAvail stopped"
  # normal failover: a running standby peer takes the active role
  if [ "$(state role)" = active ] && running "$SIM_PEER_ROOT" && [ "$(peerstate role)" = standby ]; then
    echo active > "$SIM_PEER_ROOT/.sim/state/role"
    echo in-sync > "$SIM_PEER_ROOT/.sim/state/repl"
    peerguilog info bdbRep "get BDB event DB_EVENT_REP_MASTER"
    echo standby > "$S/role"
  fi
  echo "  highAvail, highAvailSvr, guiSvr, devSvr stopped"
}
case "$1" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if running "$SIM_ROOT"; then echo "haSvr is running"; exit 0; else echo "haSvr is stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
`

export const SIM_RESYNC = sh`#!/bin/sh
# Background replication of a standby (replication.ts): a re-sync of a cleared database (KB11264 step 9)
# or, with --continue, the rest of one in progress; xdb/data grows, then NEWMASTER … STARTUPDONE, in-sync.
. "$SIM_ROOT/.sim/node.env"
${LIB}
${RESYNC_BODY}`

export const HA_DO_DIRECT = sh`#!/bin/sh
# HaSvr/bin/.haDoDirect (simulated): rsync of non-database files to the peer over ssh, as the NSM user.
. "$SIM_ROOT/.sim/node.env"
${LIB}
C=$NSM_HOME/HaSvr/var/haSvr.cfg
PEER=$(cfgval "$C" highAvail.peerIpAddr)
RU=$(cfgval "$C" highAvail.rsyncUser)
R=$NSM_HOME/HaSvr/bin/.haDoDirect.result
halog INFO "haDoDirect: direct sync to $PEER starting"
halog INFO "cmd: rsync -az --exclude-from=$SIM_VROOT/usr/netscreen/HaSvr/var/exclude.rsync -e \"ssh -o BatchMode=yes\" $SIM_VROOT/usr/netscreen/GuiSvr/var/ $RU@$PEER:$SIM_VROOT/usr/netscreen/GuiSvr/var/"
err=$(rsync -az --exclude-from="$NSM_HOME/HaSvr/var/exclude.rsync" -e "ssh -o BatchMode=yes -o ConnectTimeout=5" "$NSM_HOME/GuiSvr/var/" "$RU@$PEER:$SIM_VROOT/usr/netscreen/GuiSvr/var/" 2>&1 </dev/null)
rc=$?
if [ $rc -eq 0 ]; then
  echo "SUCCESS $(date '+%Y/%m/%d %H:%M:%S')" > "$R"
  halog INFO "haDoDirect: result SUCCESS"
  echo SUCCESS
else
  printf '%s\n' "$err" | while IFS= read -r line; do [ -n "$line" ] && halog ERROR "$line"; done
  echo "FAIL $(date '+%Y/%m/%d %H:%M:%S')" > "$R"
  halog INFO "haDoDirect: result FAIL"
  echo "FAIL (rsync exit $rc)"
  printf '%s\n' "$err" >&2
  exit 1
fi
`

export const XDB_VIEW_EDIT = sh`#!/bin/sh
# GuiSvr/utils/.xdbViewEdit.sh (simulated): menu-driven database viewer on stdin (docs A-9).
. "$SIM_ROOT/.sim/node.env"
DB=$NSM_DATA/GuiSvr/xdb/data/shadow_server.db
printf 'NSM xdb view/edit utility\nOpen database in (r)ead-only or (w)rite mode? '
read -r mode || exit 1
case "$mode" in r|w) ;; *) echo "invalid mode"; exit 1 ;; esac
echo
while :; do
  printf '\n 1) list categories\n 7) view a record\n 0) quit\nchoice: '
  read -r opt || exit 0
  case "$opt" in
    0) echo; exit 0 ;;
    1) echo; echo "shadow_server"; echo "domain"; echo "device" ;;
    7)
      printf '\nrecord id (domain.category.id): '
      read -r id || exit 1
      echo
      if [ -r "$DB" ]; then
        awk -v id="[$id]" -v rid="$id" '$0 == id { f = 1; found = 1; next } /^\[/ { f = 0 } f && NF { print } END { if (!found) print "record " rid " not found" }' "$DB"
      else
        echo "record $id not found"
      fi ;;
    *) echo "unknown choice $opt" ;;
  esac
done
`

/** OS stand-ins in .sim/bin, by file name. */
export const SHIMS: Record<string, string> = {
  ssh: sh`#!/bin/sh
# ssh with the node user's own config, key and known_hosts (the OS would find them in ~/.ssh).
# OpenSSH mode: the peer's sshd only knows OS users, so "-l user" / "user@host" become the OS login
# plus SetEnv SIM_USER=user, which the peer's env.sh checks against its own etc/passwd.
as=; read -r as 2>/dev/null <"$SIM_ROOT/.sim/login-as"
if [ -n "$as" ]; then
  n=$#; skip=; done_at=
  for a; do
    if [ "$skip" = 1 ]; then set -- "$@" -o "SetEnv=SIM_USER=$a" -l "$as"; skip=; continue; fi
    case "$a" in
      -l) skip=1 ;;
      -*) set -- "$@" "$a" ;;
      *@*) if [ -z "$done_at" ]; then set -- "$@" -o "SetEnv=SIM_USER=\${a%%@*}" "$as@\${a#*@}"; done_at=1; else set -- "$@" "$a"; fi ;;
      *) set -- "$@" "$a" ;;
    esac
  done
  shift "$n"
fi
if [ -f "$HOME/.ssh/config" ]; then exec /usr/bin/ssh -F "$HOME/.ssh/config" "$@"; fi
exec /usr/bin/ssh "$@"
`,
  su: sh`#!/bin/sh
# su [-] [-s shell] [-c command] user: run as a user of the node's etc/passwd. root needs no password;
# any other user types the target user's password (read from stdin, checked against .sim/state/passwords,
# "user:password" lines; a user without a line there cannot be reached by su).
. "$SIM_ROOT/.sim/node.env"
cmd=; user=
while [ $# -gt 0 ]; do
  case "$1" in
    -|-l|--login) ;;
    -s|--shell) shift ;;
    -c|--command) shift; cmd=$1 ;;
    *) user=$1 ;;
  esac
  shift
done
[ -n "$user" ] || user=root
hasuser() { while IFS=: read -r _n _r || [ -n "$_n" ]; do [ "$_n" != "$1" ] || return 0; done <"$SIM_ROOT/etc/passwd"; return 1; }
if ! hasuser "$user"; then
  echo "su: user $user does not exist or the user entry does not contain all the required fields" >&2
  exit 1
fi
if [ "\${SIM_USER:-root}" != root ]; then
  want=; found=
  if [ -r "$SIM_ROOT/.sim/state/passwords" ]; then
    while IFS=: read -r _n _p || [ -n "$_n" ]; do if [ "$_n" = "$user" ]; then want=$_p; found=1; fi; done <"$SIM_ROOT/.sim/state/passwords"
  fi
  printf 'Password: ' >&2
  typed=; IFS= read -r typed || true
  printf '\n' >&2
  if [ -z "$found" ] || [ "$typed" != "$want" ]; then echo "su: Authentication failure" >&2; exit 1; fi
fi
SIM_USER=$user; HOME=$SIM_ROOT/home/$user; USER=$user; LOGNAME=$user
export SIM_USER HOME USER LOGNAME
cd "$HOME" 2>/dev/null || true
if [ -n "$cmd" ]; then exec /bin/sh -c "$cmd"; fi
exec /bin/sh
`,
  sudo: sh`#!/bin/sh
# sudo [-n] [-S] [-p prompt] [-u user] command...: run as a user of the node's etc/passwd. When
# .sim/state/sudo-password exists, a login user other than root must give that password as real sudo asks
# for it: -n fails ("a password is required"), without -S there is no terminal to read it from, with -S the
# prompt (-p, else "[sudo] password for USER: ") goes to stderr and one line is read from stdin; a wrong one
# gets "Sorry, try again." and the prompt again, three wrong ones or end of input fail. The command then
# reads the rest of stdin.
. "$SIM_ROOT/.sim/node.env"
user=root; nonint=; fromstdin=; prompt=
while [ $# -gt 0 ]; do
  case "$1" in
    -n) nonint=1 ;;
    -S) fromstdin=1 ;;
    -H|-E) ;;
    -p) shift; prompt=$1 ;;
    -u) shift; user=$1 ;;
    --) shift; break ;;
    -*) ;;
    *) break ;;
  esac
  shift
done
me=\${SIM_USER:-root}
if [ "$me" != root ] && [ -f "$SIM_ROOT/.sim/state/sudo-password" ]; then
  want=; IFS= read -r want <"$SIM_ROOT/.sim/state/sudo-password"
  if [ -n "$nonint" ]; then echo "sudo: a password is required" >&2; exit 1; fi
  if [ -z "$fromstdin" ]; then
    echo "sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper" >&2
    exit 1
  fi
  [ -n "$prompt" ] || prompt="[sudo] password for $me: "
  tries=0
  while :; do
    printf '%s' "$prompt" >&2
    typed=
    if ! IFS= read -r typed; then printf '\n' >&2; echo "sudo: no password was provided" >&2; exit 1; fi
    [ "$typed" != "$want" ] || break
    tries=$((tries + 1))
    if [ "$tries" -ge 3 ]; then echo "sudo: 3 incorrect password attempts" >&2; exit 1; fi
    echo "Sorry, try again." >&2
  done
fi
hasuser() { while IFS=: read -r _n _r || [ -n "$_n" ]; do [ "$_n" != "$1" ] || return 0; done <"$SIM_ROOT/etc/passwd"; return 1; }
if ! hasuser "$user"; then
  echo "sudo: unknown user $user" >&2
  exit 1
fi
SIM_USER=$user; HOME=$SIM_ROOT/home/$user; USER=$user; LOGNAME=$user
export SIM_USER HOME USER LOGNAME
exec "$@"
`,
  id: sh`#!/bin/sh
# id from the node's etc/passwd for the session user.
. "$SIM_ROOT/.sim/node.env"
u=\${SIM_USER:-root}
case "$1" in -*) ;; '') ;; *) u=$1 ;; esac
found=
while IFS=: read -r n _p uid gid _r || [ -n "$n" ]; do
  if [ "$n" = "$u" ]; then found=1; break; fi
done <"$SIM_ROOT/etc/passwd"
[ -n "$found" ] || { echo "id: '$u': no such user" >&2; exit 1; }
case "$*" in
  *-un*|*-nu*) echo "$u" ;;
  *-u*) echo "$uid" ;;
  *-gn*) echo "$u" ;;
  *-g*) echo "$gid" ;;
  *) echo "uid=$uid($u) gid=$gid($u) groups=$gid($u)" ;;
esac
`,
  getent: sh`#!/bin/sh
# getent passwd [user] from the node's etc/passwd.
. "$SIM_ROOT/.sim/node.env"
[ "$1" = passwd ] || exec /usr/bin/getent "$@"
if [ -z "$2" ]; then cat "$SIM_ROOT/etc/passwd"; exit 0; fi
f=
while IFS= read -r line || [ -n "$line" ]; do
  case $line in "$2":*) printf '%s\n' "$line"; f=1 ;; esac
done <"$SIM_ROOT/etc/passwd"
[ -n "$f" ] || exit 2
`,
  hostname: sh`#!/bin/sh
. "$SIM_ROOT/.sim/node.env"
echo "$SIM_HOSTNAME"
`,
  ping: sh`#!/bin/sh
# ping: every address answers except those the scenario lists as unreachable.
. "$SIM_ROOT/.sim/node.env"
for a in "$@"; do t=$a; done
echo "PING $t ($t) 56(84) bytes of data."
down=
if [ -r "$SIM_ROOT/.sim/state/unreachable" ]; then
  while IFS= read -r a || [ -n "$a" ]; do [ "$a" != "$t" ] || down=1; done <"$SIM_ROOT/.sim/state/unreachable"
fi
if [ -n "$down" ]; then
  echo
  echo "--- $t ping statistics ---"
  echo "1 packets transmitted, 0 received, 100% packet loss, time 0ms"
  exit 1
fi
echo "64 bytes from $t: icmp_seq=1 ttl=64 time=0.210 ms"
echo
echo "--- $t ping statistics ---"
echo "1 packets transmitted, 1 received, 0% packet loss, time 0ms"
echo "rtt min/avg/max/mdev = 0.210/0.210/0.210/0.000 ms"
`,
  date: sh`#!/bin/sh
# date with the node's clock offset (seconds) applied.
. "$SIM_ROOT/.sim/node.env"
off=; read -r off 2>/dev/null <"$SIM_ROOT/.sim/state/clock-offset"
case "$off" in ''|0) exec /bin/date "$@" ;; esac
now=$(( $(/bin/date +%s) + off ))
exec /bin/date -d "@$now" "$@"
`,
  df: sh`#!/bin/sh
# df: the real one, unless the scenario fills the NSM data file system.
. "$SIM_ROOT/.sim/node.env"
pct=; read -r pct 2>/dev/null <"$SIM_ROOT/.sim/state/disk-used-pct"
[ -n "$pct" ] || exec /bin/df "$@"
size=20971520; used=$(( size * pct / 100 )); avail=$(( size - used ))
echo "Filesystem     1024-blocks      Used Available Capacity Mounted on"
echo "/dev/mapper/vg-netscreen $size $used $avail $pct% $SIM_VROOT/var/netscreen"
`,
  rsync: sh`#!/bin/sh
# rsync: the real one, unless the scenario removed it from this node.
. "$SIM_ROOT/.sim/node.env"
if [ -f "$SIM_ROOT/.sim/state/rsync-missing" ]; then
  echo "sh: 1: rsync: not found" >&2
  exit 127
fi
# a remote operand in this node's own tree (env.sh rewrote the pair's virtual root in the command) names
# the same path on the peer: the virtual root again, which the peer's env.sh maps to the peer's tree
n=$#
for a; do
  case $a in
    -*) ;;
    *:"$SIM_ROOT"/*) a=\${a%%:*}:$SIM_VROOT\${a#*:"$SIM_ROOT"} ;;
  esac
  set -- "$@" "$a"
done
shift "$n"
exec /usr/bin/rsync "$@"
`
}

export const NSM_SCRIPTS = {
  haStatus: HA_STATUS,
  haInit: HA_INIT,
  haDoDirect: HA_DO_DIRECT,
  xdbViewEdit: XDB_VIEW_EDIT,
  simResync: SIM_RESYNC
}
