/**
 * What each event of the timeline means, in the admin's words (KB11264 and the Berkeley DB replication
 * events NSM logs in guiDaemon.0), and the check it feeds. Pure data for the timeline view and its tests.
 */
import type { CheckId } from './check'
import type { LogEventKind } from './run'

export interface EventMeaning {
  /** the event as the admin would name it */
  label: string
  /** one line: what happened on the node */
  meaning: string
  /** the check this event decides (with KB11264's step in the check catalog) */
  check: CheckId
}

export const EVENT_MEANINGS: Readonly<Record<LogEventKind, EventMeaning>> = {
  START: {
    label: 'GUI server started',
    meaning: 'guiSvrManager started on this node: the role and replication events that follow belong to this start.',
    check: 'db.panic'
  },
  STOP: {
    label: 'GUI server stopped',
    meaning: 'guiSvrManager stopped or shut down: after this the node has no current role until it starts again.',
    check: 'role.assignment'
  },
  HA_LINK: {
    label: 'Connected to the HA link',
    meaning: 'The GUI server reached the local highAvail process ("connectionMgr connected to ha-link"; logged in debug mode only).',
    check: 'gui.ha-link'
  },
  MY_ADDR: {
    label: 'Own address read',
    meaning: 'The address the GUI server took as its own for HA (myAddr): it must be this node’s address in haSvr.cfg.',
    check: 'gui.addresses'
  },
  PEER_ADDR: {
    label: 'Peer address read',
    meaning: 'The address the GUI server took for its peer (peerAddr): it must be the other node’s address in haSvr.cfg.',
    check: 'gui.addresses'
  },
  MASTER: {
    label: 'Became master',
    meaning: 'DB_EVENT_REP_MASTER: this node’s database took the master role; it accepts changes and sends them to the client.',
    check: 'role.assignment'
  },
  CLIENT: {
    label: 'Became client',
    meaning: 'DB_EVENT_REP_CLIENT: this node’s database became a replication client; it only applies what the master sends.',
    check: 'role.assignment'
  },
  NEWMASTER: {
    label: 'Found the master',
    meaning:
      'DB_EVENT_REP_NEWMASTER: the client reached the master and started to synchronise; the standby is connected but not caught up yet.',
    check: 'repl.secondary-startup'
  },
  STARTUPDONE: {
    label: 'Caught up',
    meaning: 'DB_EVENT_REP_STARTUPDONE: the client finished its start-up synchronisation and is now current with the master.',
    check: 'repl.secondary-startup'
  },
  DB_PANIC: {
    label: 'Database panic',
    meaning:
      'DB_PANIC: the database stopped on an unrecoverable error; a standby in this state cannot sync back and must be re-synchronised (step 9).',
    check: 'db.panic'
  },
  SHADOW_MISSING: {
    label: 'Peer record missing',
    meaning: 'The shadow_server record 2 (the peer GUI server with its one-time password) could not be read from the database.',
    check: 'gui.shadow-server-record'
  },
  RSA_KEY_MISSING: {
    label: 'RSA key missing',
    meaning: '"ourRsaPrivateKey is missing": the standby’s one-time password does not match the active database (step 11).',
    check: 'gui.one-time-password'
  },
  RSYNC_ERROR: {
    label: 'Direct sync failed',
    meaning: 'ha.log shows an ssh or rsync error while copying the non-database files; the failing command can be re-run by hand.',
    check: 'rsync.ha-log-errors'
  },
  RSYNC_OK: {
    label: 'Direct sync succeeded',
    meaning: 'ha.log shows SUCCESS for the direct sync (.haDoDirect): failover is enabled only after the first one finished.',
    check: 'rsync.dodirect-result'
  },
  HA_EVENT: {
    label: 'HA event',
    meaning: 'Another HA event the GUI server logged; shown for the order of events.',
    check: 'ha.services'
  }
}

/** The meaning of an event kind. */
export function eventMeaning(kind: LogEventKind): EventMeaning {
  return EVENT_MEANINGS[kind]
}
