/** Runtime schemas of every channel's args (main validates each invoke with them before any service). */
import * as v from 'valibot'
import { IPC, EVENTS } from './ipc-contract'
import { SCENARIOS } from './domain/scenario'
import { FIX_IDS } from './domain/fix'
import { MAX_SCHEDULE_MINUTES } from './domain/schedule'
import { CHECK_IDS } from './domain/check'
import { MAX_ACK_REASON } from './domain/ack'

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/
const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max))
const quietHours = v.pipe(
  v.array(
    v.strictObject({
      start: v.pipe(v.string(), v.regex(HHMM)),
      end: v.pipe(v.string(), v.regex(HHMM)),
      days: v.optional(v.pipe(v.array(int(0, 6)), v.maxLength(7))),
      mode: v.picklist(['skip', 'silent'])
    })
  ),
  v.maxLength(20)
)

const id = v.pipe(v.number(), v.integer(), v.minValue(1))
const empty = v.strictObject({})
const role = v.picklist(['primary', 'secondary', 'jump'])
const kind = v.picklist(['password', 'passphrase', 'sudo'])
const scenario = v.picklist(SCENARIOS)
const text = (max: number): v.GenericSchema<string> => v.pipe(v.string(), v.maxLength(max))
const endpoint = v.object({
  host: v.pipe(text(253), v.minLength(1)),
  port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)),
  user: v.pipe(text(64), v.minLength(1)),
  auth: v.picklist(['password', 'key', 'agent']),
  identityFile: v.optional(text(4096)),
  sudo: v.optional(v.picklist(['none', 'sudo', 'sudo-password']))
})
const pair = v.looseObject({
  id: v.optional(id),
  name: v.pipe(text(100), v.minLength(1)),
  primary: endpoint,
  secondary: endpoint,
  paths: v.optional(v.record(v.string(), text(4096))),
  allowLegacyAlgorithms: v.optional(v.boolean()),
  scheduleMinutes: v.optional(v.nullable(int(0, MAX_SCHEDULE_MINUTES))),
  quietHours: v.optional(v.nullable(quietHours)),
  notifyMuted: v.optional(v.boolean())
})
const secretValues = v.optional(
  v.strictObject({ password: v.optional(text(4096)), passphrase: v.optional(text(4096)), sudo: v.optional(text(4096)) })
)
const port = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))
const nodeRole = v.picklist(['primary', 'secondary'])
const fixOptions = v.optional(
  v.strictObject({
    sourceNode: v.optional(nodeRole),
    targetNode: v.optional(nodeRole),
    waitSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(3600)))
  })
)

export const SCHEMAS = {
  [IPC.pairsList]: empty,
  [IPC.pairsGet]: v.strictObject({ id }),
  [IPC.pairsSave]: v.strictObject({ pair }),
  [IPC.pairsDelete]: v.strictObject({ id }),
  [IPC.pairsTest]: v.strictObject({
    pair: v.optional(pair),
    pairId: v.optional(id),
    secrets: v.optional(v.strictObject({ primary: secretValues, secondary: secretValues, jump: secretValues }))
  }),
  [IPC.hostkeysTrust]: v.strictObject({
    host: v.pipe(text(253), v.minLength(1)),
    port,
    sha256: v.pipe(text(100), v.regex(/^SHA256:[A-Za-z0-9+/]{43}$/)),
    confirmHost: v.optional(text(253))
  }),
  [IPC.secretsSet]: v.strictObject({ pairId: id, role, kind, value: v.pipe(text(4096), v.minLength(1)) }),
  [IPC.secretsClear]: v.strictObject({ pairId: id, role, kind }),
  [IPC.secretsHas]: v.strictObject({ pairId: id, role, kind }),
  [IPC.runsStart]: v.strictObject({ pairId: id }),
  [IPC.runsCancel]: v.strictObject({ pairId: id }),
  [IPC.runsList]: v.strictObject({ pairId: id, limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))) }),
  [IPC.runsGet]: v.strictObject({ runId: id }),
  [IPC.runsTrend]: v.strictObject({ pairId: id }),
  [IPC.runsLastHealthy]: v.strictObject({ pairId: id }),
  [IPC.runsCompare]: v.strictObject({ fromRunId: id, toRunId: id }),
  [IPC.reportsExport]: v.strictObject({ runId: id, format: v.picklist(['html', 'markdown', 'json']) }),
  [IPC.reportsSave]: v.strictObject({ runId: id, format: v.picklist(['html', 'markdown', 'json', 'bundle']) }),
  [IPC.demoStart]: v.strictObject({ scenario }),
  [IPC.demoSwitch]: v.strictObject({ scenario }),
  [IPC.demoStop]: empty,
  [IPC.demoStatus]: empty,
  [IPC.fixesPlan]: v.strictObject({ pairId: id, fixId: v.picklist(FIX_IDS), runId: id, options: fixOptions }),
  [IPC.fixesApply]: v.strictObject({
    pairId: id,
    fixId: v.picklist(FIX_IDS),
    runId: id,
    options: fixOptions,
    confirmation: v.optional(text(200)),
    acknowledgeRepeat: v.optional(v.boolean()),
    acknowledgeDelete: v.optional(v.boolean())
  }),
  [IPC.fleetList]: v.strictObject({ recent: v.optional(int(1, 100)) }),
  [IPC.fleetCheck]: v.strictObject({ pairIds: v.optional(v.pipe(v.array(id), v.maxLength(10000))), concurrency: v.optional(int(1, 32)) }),
  [IPC.fleetCancel]: empty,
  [IPC.scheduleGet]: empty,
  [IPC.scheduleSetDefault]: v.strictObject({
    intervalMinutes: v.optional(int(0, MAX_SCHEDULE_MINUTES)),
    quietHours: v.optional(quietHours),
    jitter: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(0.5))),
    concurrency: v.optional(int(1, 32)),
    notificationsPerMinute: v.optional(int(1, 60))
  }),
  [IPC.scheduleSetPair]: v.strictObject({
    pairId: id,
    scheduleMinutes: v.optional(v.nullable(int(0, MAX_SCHEDULE_MINUTES))),
    quietHours: v.optional(v.nullable(quietHours)),
    notifyMuted: v.optional(v.boolean())
  }),
  // seconds between samples: at least 1 (each is an exec on both nodes), at most 5 minutes
  [IPC.followStart]: v.strictObject({
    pairId: id,
    runId: v.optional(id),
    intervalSeconds: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(300)))
  }),
  [IPC.followStop]: v.strictObject({ pairId: id }),
  [IPC.followList]: v.strictObject({ runId: id }),
  [IPC.acksList]: v.strictObject({ pairId: id }),
  [IPC.acksAdd]: v.strictObject({
    pairId: id,
    checkId: v.picklist(CHECK_IDS),
    reason: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ACK_REASON)),
    duration: v.pipe(v.string(), v.maxLength(16))
  }),
  [IPC.acksRemove]: v.strictObject({ pairId: id, checkId: v.picklist(CHECK_IDS) }),
  [IPC.offlineImport]: v.strictObject({ pairId: id }),
  // push payloads are produced by main; the schema documents their shape
  [EVENTS.runProgress]: v.object({ pairId: id, progress: v.object({ type: v.picklist(['node', 'check', 'done']) }) }),
  [EVENTS.fixOutput]: v.object({ pairId: id, line: v.string(), node: v.nullable(v.string()), stream: v.string() }),
  [EVENTS.fleetRun]: v.object({
    pairId: id,
    phase: v.string(),
    trigger: v.optional(v.string()),
    done: v.optional(v.number()),
    total: v.optional(v.number()),
    verdict: v.optional(v.string()),
    state: v.optional(v.string()),
    reason: v.optional(v.string())
  }),
  [EVENTS.fleetBatch]: v.object({ running: v.boolean(), total: v.number(), done: v.number(), cancelled: v.boolean() }),
  [EVENTS.openPair]: v.object({ pairId: v.nullable(id) }),
  [EVENTS.followSample]: v.object({ pairId: id, followId: id, sample: v.object({ seq: v.number(), at: v.string(), t: v.number() }) }),
  [EVENTS.followEnd]: v.object({
    pairId: id,
    followId: v.nullable(id),
    end: v.object({ reason: v.picklist(['complete', 'panic', 'stopped', 'time-limit', 'error']), message: v.string() })
  })
}
