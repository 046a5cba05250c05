/**
 * Following a database replication live (KB11264 step 8: "no progress is displayed", watch xdb/data and
 * xdb/log grow on the standby). One sample = one short exec per node; the estimate is computed in main.
 */
import type { NodeRole } from './check'

/** One xdb directory of one node at one moment. */
export interface DirSample {
  files: number
  bytes: number
  /** the most recently modified file (`ls -t` order) and its size */
  newest?: string
  newestBytes?: number
  /** why it could not be listed (missing, permission) */
  error?: string
}

/** A guiDaemon.0 line the follow watches for, seen since the previous sample. */
export interface ReplicationEvent {
  kind: 'STARTING' | 'STOPPING' | 'NEWMASTER' | 'STARTUPDONE' | 'DB_PANIC'
  text: string
}

export interface NodeSample {
  role: NodeRole
  data: DirSample
  log: DirSample
  /** time of this sample's exec, ms */
  execMs: number
  /** bytes received for this sample's exec (stdout + stderr) */
  wireBytes: number
  /** the exec failed: one-line reason (the sample keeps the node's last good values out) */
  error?: string
}

export interface FollowEstimate {
  /** replica's growth rate over the recent window (bytes of xdb/data per second) */
  rateBytesPerSec: number | null
  /** bytes of xdb/data the replica still lacks (never negative) */
  remainingBytes: number
  /** seconds to completion at the recent rate; null = cannot tell (no growth yet) */
  etaSeconds: number | null
  /** the range of the estimate (about 95 %); high null = unbounded (the rate may be zero) */
  etaLowSeconds: number | null
  etaHighSeconds: number | null
  /** nothing grew on the replica (files, bytes of data and log) for stallSeconds */
  stalled: boolean
  /** seconds since the replica last grew */
  stalledForSeconds: number
}

export interface FollowSample {
  seq: number
  at: string
  /** seconds since the follow started */
  t: number
  replica: NodeRole
  nodes: Record<NodeRole, NodeSample>
  /** replica xdb/data bytes / source xdb/data bytes (0..1+), null when the source has none */
  share: number | null
  /** the xdb/log directories hold the same number of files, bytes and newest file */
  logsMatch: boolean
  estimate: FollowEstimate
  /** watched guiDaemon.0 lines (replica) seen since the previous sample */
  events: ReplicationEvent[]
}

export type FollowEndReason = 'complete' | 'panic' | 'stopped' | 'time-limit' | 'error'

export interface FollowEnd {
  reason: FollowEndReason
  message: string
  at: string
  samples: number
}

export interface FollowInfo {
  followId?: number
  pairName: string
  runId?: number
  /** the node being filled (the standby) and the node it copies from */
  replica: NodeRole
  source: NodeRole
  /** how the replica was chosen (haStatus of both nodes, or the default) */
  replicaFrom: string
  intervalSeconds: number
  startedAt: string
}

/** A follow as kept in history: what it was, how it ended, every sample. */
export interface StoredFollow extends FollowInfo {
  followId: number
  end?: FollowEnd
  samples: FollowSample[]
}
