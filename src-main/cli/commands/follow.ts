/**
 * `nsm-ha-doctor follow --pair NAME`: follow a replication live (KB11264 step 8) until
 * DB_EVENT_REP_STARTUPDONE. On a terminal: one progress bar line redrawn per sample; otherwise one JSON
 * line per sample (`{"type":"sample",…}`), framed by a `start` and an `end` line. One SSH connection per
 * node for the whole follow. Exit 0 complete, 1 ended before completion (Ctrl-C, --timeout), 2 DB_PANIC
 * on the replica, 3 usage / connection error (one line on stderr).
 */
import { parseArgs } from 'node:util'
import type { FollowEnd, FollowInfo, FollowSample } from '../../shared/domain/follow'
import { errorLine, fail, HELP_OPTION, UsageError } from '../args'
import { humanBytes } from '../../shared/bytes'
import { jsonText, terminalLine, terminalSafe } from '../format/terminal'
import { redactDeep } from '../../main/reports/redact'

const HELP = `usage: nsm-ha-doctor follow --pair NAME [options]

  --interval SEC         seconds between samples (default 5, at least 1)
  --timeout SEC          stop after this long without STARTUPDONE (exit 1; default: no limit)
  --format bar|json      progress bar (default on a terminal) or one JSON line per sample (default otherwise)
  --password-env VAR     SSH password from environment variable VAR (when the keychain has none)
  --no-save              do not keep the samples with the pair's latest run in the history
exit: 0 replication complete (STARTUPDONE), 1 stopped before it (Ctrl-C, --timeout), 2 DB_PANIC,
      3 usage or connection error`

interface Flags {
  pair?: string
  interval?: string
  timeout?: string
  format?: string
  'password-env'?: string
  'no-save'?: boolean
  help?: boolean
}

function readFlags(argv: string[]): Flags {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        pair: { type: 'string' },
        interval: { type: 'string' },
        timeout: { type: 'string' },
        format: { type: 'string' },
        'password-env': { type: 'string' },
        'no-save': { type: 'boolean' },
        ...HELP_OPTION
      }
    }).values as Flags
  } catch (err) {
    // node:util's own wording is kept for this command (`Unknown option '--x'…`)
    throw new UsageError(errorLine(err))
  }
}

function seconds(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${flag} must be a number of seconds (at least ${min})`)
  return n
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** 0:07, 12:40, 3:05:00 */
export function duration(s: number): string {
  const t = Math.max(0, Math.round(s))
  const h = Math.floor(t / 3600)
  const m = Math.floor((t % 3600) / 60)
  return h > 0 ? `${h}:${pad(m)}:${pad(t % 60)}` : `${m}:${pad(t % 60)}`
}

export const size = humanBytes

/** The progress bar line of one sample (no colours; `width` is the bar's). */
export function progressLine(s: FollowSample, width = 24): string {
  const r = s.nodes[s.replica]
  const src = s.nodes[s.replica === 'primary' ? 'secondary' : 'primary']
  const share = s.share === null ? 0 : Math.min(1, s.share)
  const fill = Math.round(share * width)
  const e = s.estimate
  const eta =
    e.remainingBytes === 0
      ? 'ETA 0:00'
      : e.etaSeconds === null
        ? 'ETA ?'
        : `ETA ${duration(e.etaSeconds)}${e.etaLowSeconds !== null ? ` (${duration(e.etaLowSeconds)}–${e.etaHighSeconds === null ? '?' : duration(e.etaHighSeconds)})` : ''}`
  const rate = e.rateBytesPerSec === null ? '' : `${size(Math.max(0, e.rateBytesPerSec))}/s  `
  const stalled = e.stalled ? `  STALLED ${duration(e.stalledForSeconds)}` : ''
  const err = r.error ?? src.error
  return (
    `[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${s.share === null ? '  ?  ' : `${(share * 100).toFixed(1)}%`} ` +
    `${size(r.data.bytes)}/${size(src.data.bytes)} (${r.data.files}/${src.data.files} files)  ${rate}${eta}` +
    `${r.data.newest ? `  newest ${r.data.newest}` : ''}${s.logsMatch ? '  logs match' : ''}${stalled}${err ? `  (${err})` : ''}`
  )
}

/** The last line of a follow on a terminal: its reason first, node text redacted and made visible. */
export function endLine(end: FollowEnd): string {
  return terminalLine(`${end.reason === 'complete' ? 'done' : end.reason}: ${end.message} (${end.samples} samples)`)
}

const EXIT: Record<FollowEnd['reason'], number> = { complete: 0, stopped: 1, 'time-limit': 1, panic: 2, error: 3 }

export async function run(argv: string[]): Promise<number> {
  let f: Flags
  let intervalS: number | undefined
  let timeoutS: number | undefined
  try {
    f = readFlags(argv)
    if (f.help) {
      console.log(HELP)
      return 0
    }
    if (!f.pair) throw new UsageError('--pair NAME is required')
    if (f.format !== undefined && f.format !== 'bar' && f.format !== 'json') throw new UsageError('--format must be bar or json')
    intervalS = seconds(f.interval, 'interval', 1)
    timeoutS = seconds(f.timeout, 'timeout', 1)
  } catch (err) {
    return fail('follow', err, HELP)
  }
  const bar = f.format ? f.format === 'bar' : process.stdout.isTTY === true
  const pwVar = f['password-env']
  if (pwVar && process.env[pwVar] === undefined) {
    console.error(`nsm-ha-doctor follow: environment variable ${terminalSafe(pwVar)} is not set`)
    return 3
  }

  const { openCliStore } = await import('../store')
  const { loadSavedPair } = await import('../saved-pair')
  const { pairConnector } = await import('../../main/run/connector')
  const { followReplication } = await import('../../main/follow/follow-session')
  const { FollowRepo } = await import('../../main/db/follow-repo')
  const { standbyOfReport } = await import('../../main/follow/follow-service')
  const store = await openCliStore()
  const controller = new AbortController()
  const onSigint = (): void => controller.abort()
  process.once('SIGINT', onSigint)
  process.once('SIGTERM', onSigint)
  let drawn = false
  try {
    const loaded = await loadSavedPair(f.pair, store)
    const pair = loaded.pair
    const password = pwVar ? process.env[pwVar] : undefined
    const secrets =
      password !== undefined
        ? { ...loaded.secrets, primary: { ...loaded.secrets.primary, password }, secondary: { ...loaded.secrets.secondary, password } }
        : loaded.secrets
    const connect = pairConnector(pair, secrets, { hostKeys: store.hostKeys, acceptNewHostKey: false, connectTimeoutMs: 15_000 })
    const latest = store.history.listRuns({ pairId: pair.id }, { limit: 1 }).items[0]
    const runId = latest?.id
    const repo = f['no-save'] ? undefined : new FollowRepo(store.db)
    let followId: number | undefined
    const end = await followReplication({
      pair,
      connect: (role, signal) => connect(role, signal),
      intervalMs: (intervalS ?? 5) * 1000,
      ...(timeoutS !== undefined ? { maxMs: timeoutS * 1000 } : {}),
      replica: runId !== undefined ? standbyOfReport(store.history.getRun(runId)) : undefined,
      runId,
      signal: controller.signal,
      onStart: (info: FollowInfo) => {
        followId = repo?.begin(info, pair.id)
        if (bar)
          console.log(
            terminalLine(
              `following ${pair.name}: the ${info.replica} replicates from the ${info.source} (${info.replicaFrom}); Ctrl-C stops`
            )
          )
        else console.log(jsonText({ type: 'start', ...info, ...(followId !== undefined ? { followId } : {}) }, 0))
      },
      onSample: (s: FollowSample) => {
        if (followId !== undefined) repo?.addSample(followId, s)
        if (bar) {
          // the bar's own control sequence, then the line with the node's text made visible
          process.stdout.write(`\r\x1b[K${terminalLine(progressLine(s))}`)
          drawn = true
        } else console.log(jsonText({ type: 'sample', ...redactDeep(s) }, 0))
      }
    })
    if (followId !== undefined) repo?.finish(followId, end)
    if (bar) console.log(`${drawn ? '\n' : ''}${endLine(end)}`)
    else console.log(jsonText({ type: 'end', ...redactDeep(end) }, 0))
    if (end.reason === 'error') console.error(`nsm-ha-doctor follow: ${terminalLine(end.message)}`)
    return EXIT[end.reason]
  } catch (err) {
    if (drawn) process.stdout.write('\n')
    return fail('follow', err)
  } finally {
    process.removeListener('SIGINT', onSigint)
    process.removeListener('SIGTERM', onSigint)
    store.close()
  }
}
