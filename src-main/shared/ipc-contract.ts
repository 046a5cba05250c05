/**
 * The one IPC contract: invoke channels `<domain>:<verb>` (args → result) and push events. Main, the
 * preload and the renderer derive their types from here; the renderer never writes a channel string.
 */
import type { PairConfig } from './domain/pair'
import type { RunProgress, RunReport } from './domain/run'
import type { ScenarioName } from './domain/scenario'
import type { CheckStatus } from './domain/check'
import type { FixId, FixOptions, FixOutcome, FixPlan } from './domain/fix'
import type { FleetBatchState, FleetItem, FleetRunEvent, FleetSchedule } from './domain/fleet'
import type { PairScheduleFields } from './domain/schedule'
import type { FollowEnd, FollowInfo, FollowSample, StoredFollow } from './domain/follow'
import type { Ack } from './domain/ack'
import type { CheckId } from './domain/check'

export const IPC = {
  pairsList: 'pairs:list',
  pairsGet: 'pairs:get',
  pairsSave: 'pairs:save',
  pairsDelete: 'pairs:delete',
  pairsTest: 'pairs:test',
  hostkeysTrust: 'hostkeys:trust',
  secretsSet: 'secrets:set',
  secretsClear: 'secrets:clear',
  secretsHas: 'secrets:has',
  runsStart: 'runs:start',
  runsCancel: 'runs:cancel',
  runsList: 'runs:list',
  runsGet: 'runs:get',
  runsTrend: 'runs:trend',
  runsLastHealthy: 'runs:last-healthy',
  runsCompare: 'runs:compare',
  reportsExport: 'reports:export',
  reportsSave: 'reports:save',
  demoStart: 'demo:start',
  demoSwitch: 'demo:switch',
  demoStop: 'demo:stop',
  demoStatus: 'demo:status',
  fixesPlan: 'fixes:plan',
  fixesApply: 'fixes:apply',
  fleetList: 'fleet:list',
  fleetCheck: 'fleet:check',
  fleetCancel: 'fleet:cancel',
  scheduleGet: 'schedule:get',
  scheduleSetDefault: 'schedule:set-default',
  scheduleSetPair: 'schedule:set-pair',
  followStart: 'follow:start',
  followStop: 'follow:stop',
  followList: 'follow:list',
  acksList: 'acks:list',
  acksAdd: 'acks:add',
  acksRemove: 'acks:remove',
  offlineImport: 'offline:import'
} as const

export const EVENTS = {
  runProgress: 'run:progress',
  fixOutput: 'fix:output',
  fleetRun: 'fleet:run',
  fleetBatch: 'fleet:batch',
  openPair: 'app:open-pair',
  followSample: 'follow:sample',
  followEnd: 'follow:end'
} as const

export interface PairListItem {
  id: number
  name: string
  primary: string
  secondary: string
  lastVerdict: CheckStatus | null
  lastRunAt: string | null
  demo: boolean
  /** the newest run reached neither node: why (the sidebar shows "not checked", not the verdict) */
  notChecked?: string | null
}

export interface RunListItem {
  id: number
  startedAt: string
  state: string
  verdict: CheckStatus | null
  counts: Record<CheckStatus, number>
  /** the run reached neither node: not an HA verdict */
  notChecked?: boolean
  /** the ids of the run's failing checks (completed runs) */
  failing?: string[]
}

export interface TrendPointDto {
  runId: number
  startedAt: string
  counts: Record<CheckStatus, number>
}

/** What changed between two runs: every check whose status differs (absent in one run = null). */
export interface RunComparisonDto {
  fromRunId: number
  toRunId: number
  checkChanges: { id: string; title: string; before: CheckStatus | null; after: CheckStatus | null }[]
}

export type SecretRoleDto = 'primary' | 'secondary' | 'jump'

/** A host key main saw during pairs:test, against the store: new (not pinned), match, or changed (pinned differs). */
export interface HostKeySeenDto {
  host: string
  port: number
  /** algorithm, e.g. ssh-ed25519 */
  keyType: string
  sha256: string
  /** `MD5:aa:bb:…`: what `ssh-keygen -l` prints on OpenSSH before 6.8 (NSM appliances: CentOS/RHEL 5/6) */
  md5?: string
  state: 'new' | 'match' | 'changed'
  /** the pinned fingerprint when state is changed (and its type / first-seen date when known) */
  pinned?: string
  pinnedKeyType?: string
  pinnedSince?: string
  /** 'jump' for the jump host's own key */
  via?: 'jump'
}

/** One step of a connection test: ok, failed (false) or not tried (null), with a one-line detail. */
export interface TestStepDto {
  ok: boolean | null
  detail: string
}

export interface NodeTestDto {
  role: 'primary' | 'secondary'
  target: string
  reachable: TestStepDto
  /** jump host key first (when any), then the node's */
  hostKeys: HostKeySeenDto[]
  auth: TestStepDto
  /** only when the node uses sudo */
  sudo?: TestStepDto
  haStatus: TestStepDto
}

/** one-shot secrets for a test of an unsaved (or edited) pair; never stored */
export type TestSecretsDto = Partial<Record<SecretRoleDto, Partial<Record<SecretKindDto, string>>>>
export type SecretKindDto = 'password' | 'passphrase' | 'sudo'
export type ExportFormatDto = 'html' | 'markdown' | 'json'
/** what reports:save writes: a text export or the support bundle (zip) */
export type SaveFormatDto = ExportFormatDto | 'bundle'
/** reports:save — main renders the bytes and writes them where the save dialog (Electron) or the host says */
export type SaveResultDto = { saved: true; path: string; bytes: number; fileName: string } | { saved: false; fileName: string }
/** fix options the wizard may set (the plan is rebuilt in main from them) */
export type FixOptionsDto = FixOptions

export interface DemoStatus {
  running: boolean
  scenario?: ScenarioName
  pairId?: number
}

/** Invoke channels: args → result. */
export interface InvokeContract {
  'pairs:list': { args: Record<string, never>; result: PairListItem[] }
  'pairs:get': { args: { id: number }; result: PairConfig & { id: number } }
  /** an existing pair whose host, port or user changed loses that node's stored secrets: `secretsDropped` */
  'pairs:save': { args: { pair: PairConfig }; result: { id: number; secretsDropped?: SecretRoleDto[] } }
  'pairs:delete': { args: { id: number }; result: { deleted: boolean } }
  /** connect to both nodes (nothing pinned): `pair` as edited and/or a saved `pairId` (its stored secrets) */
  'pairs:test': { args: { pair?: PairConfig; pairId?: number; secrets?: TestSecretsDto }; result: { nodes: NodeTestDto[] } }
  /** pin a fingerprint main presented in a pairs:test; replacing a different pin needs confirmHost = host, then main's own dialog */
  'hostkeys:trust': {
    args: { host: string; port: number; sha256: string; confirmHost?: string }
    result: { pinned: string; replaced?: string }
  }
  'secrets:set': { args: { pairId: number; role: SecretRoleDto; kind: SecretKindDto; value: string }; result: { ok: true } }
  'secrets:clear': { args: { pairId: number; role: SecretRoleDto; kind: SecretKindDto }; result: { ok: true } }
  'secrets:has': { args: { pairId: number; role: SecretRoleDto; kind: SecretKindDto }; result: { has: boolean } }
  'runs:start': { args: { pairId: number }; result: RunReport }
  'runs:cancel': { args: { pairId: number }; result: { cancelled: boolean } }
  'runs:list': { args: { pairId: number; limit?: number }; result: RunListItem[] }
  'runs:get': { args: { runId: number }; result: RunReport | null }
  'runs:trend': { args: { pairId: number }; result: TrendPointDto[] }
  'runs:last-healthy': { args: { pairId: number }; result: RunReport | null }
  /** run `fromRunId` (before) against run `toRunId` (after) */
  'runs:compare': { args: { fromRunId: number; toRunId: number }; result: RunComparisonDto }
  'reports:export': { args: { runId: number; format: ExportFormatDto }; result: { fileName: string; text: string } }
  /** render in main and save through the host's save function (Electron: save dialog); cancelled → saved false */
  'reports:save': { args: { runId: number; format: SaveFormatDto }; result: SaveResultDto }
  'demo:start': { args: { scenario: ScenarioName }; result: DemoStatus }
  'demo:switch': { args: { scenario: ScenarioName }; result: DemoStatus }
  'demo:stop': { args: Record<string, never>; result: DemoStatus }
  'demo:status': { args: Record<string, never>; result: DemoStatus }
  /** the plan is built in main from a stored run: the renderer sends ids, never commands */
  'fixes:plan': { args: { pairId: number; fixId: FixId; runId: number; options?: FixOptionsDto }; result: FixPlan }
  'fixes:apply': {
    args: {
      pairId: number
      fixId: FixId
      runId: number
      options?: FixOptionsDto
      confirmation?: string
      acknowledgeRepeat?: boolean
      acknowledgeDelete?: boolean
    }
    result: FixOutcome
  }
  /** every saved pair: newest verdict, failing checks, the last `recent` verdicts, running now, next due */
  'fleet:list': { args: { recent?: number }; result: FleetItem[] }
  /** check these pairs (none given: all) in the background, a bounded pool; progress as fleet:run / fleet:batch */
  'fleet:check': { args: { pairIds?: number[]; concurrency?: number }; result: { queued: number[] } }
  'fleet:cancel': { args: Record<string, never>; result: { cancelled: boolean } }
  /** the default schedule (interval 0 = off, quiet windows, jitter, concurrency, notifications per minute) */
  'schedule:get': { args: Record<string, never>; result: FleetSchedule }
  'schedule:set-default': { args: Partial<FleetSchedule>; result: FleetSchedule }
  /** a pair's interval (null = default, 0 = off), quiet windows (null = default), notifications muted */
  'schedule:set-pair': { args: { pairId: number } & PairScheduleFields; result: { ok: true } }
  /** follow the replication of a pair live (one SSH connection per node); samples as follow:sample, the end as follow:end */
  'follow:start': { args: { pairId: number; runId?: number; intervalSeconds?: number }; result: FollowInfo & { followId: number } }
  'follow:stop': { args: { pairId: number }; result: { stopped: boolean } }
  /** the follows kept with a run (newest first, with their samples) */
  'follow:list': { args: { runId: number }; result: StoredFollow[] }
  /** the open acknowledgements of a pair (expired ones end on the way) */
  'acks:list': { args: { pairId: number }; result: Ack[] }
  /** acknowledge the pair's newest result of a check for `duration` (7d, 12h; at most 30 days) */
  'acks:add': { args: { pairId: number; checkId: CheckId; reason: string; duration: string }; result: Ack }
  'acks:remove': { args: { pairId: number; checkId: CheckId }; result: { removed: boolean } }
  /** pick two collected probe outputs (main's file dialog) and analyse them as a run of the pair, saved marked offline */
  'offline:import': { args: { pairId: number }; result: { imported: true; report: RunReport } | { imported: false } }
}

/** Push events main → renderer. */
export interface EventContract {
  'run:progress': { pairId: number; progress: RunProgress }
  'fix:output': { pairId: number; line: string; node: string | null; stream: string }
  'fleet:run': FleetRunEvent
  'fleet:batch': FleetBatchState
  /** a notification (or the tray) asks to show a pair; null = the fleet overview */
  'app:open-pair': { pairId: number | null }
  'follow:sample': { pairId: number; followId: number; sample: FollowSample }
  'follow:end': { pairId: number; followId: number | null; end: FollowEnd }
}

export type InvokeChannel = keyof InvokeContract
export type EventChannel = keyof EventContract
export type Args<C extends InvokeChannel> = InvokeContract[C]['args']
export type Result<C extends InvokeChannel> = InvokeContract[C]['result']

/** The serialisable error every rejected invoke carries. */
export interface AppError {
  code: 'invalid-args' | 'not-found' | 'failed'
  message: string
}

export function isAppError(v: unknown): v is AppError {
  return typeof v === 'object' && v !== null && 'code' in v && 'message' in v
}
