/**
 * `nsm-ha-doctor check`: one run of every check against a pair (or every saved pair with --all), for
 * people (text), scripts (json), monitoring (nagios) and Prometheus (prometheus). Exit 0 pass, 1 warn,
 * 2 fail, 3 unknown / usage / connection error.
 */
import { join } from 'node:path'
import { pairSummary, type RunReport } from '../../shared/domain/run'
import type { AppStore } from '../../main/store/app-store'
import { KnownHostsFile } from '../../main/ssh/known-hosts-file'
import { dataDir } from '../../main/platform/paths'
import { reportExitCode, type ExitCode } from '../../main/metrics/exit-code'
import { settleAcks, withAcks } from '../../main/acks/ack-service'
import { renderPrometheus } from '../../main/metrics/prometheus'
import { envSecret, errorLine, fail, parseCommand, UsageError } from '../args'
import { pairFromFlags, TARGET_HELP } from '../pair-flags'
import { openCliStore } from '../store'
import { cliRunService, runAdHoc } from '../runs'
import { formatNagios } from '../format/nagios'
import { formatText } from '../format/text'
import { jsonText, terminalLine, terminalSafe } from '../format/terminal'
import { redactDeep } from '../../main/reports/redact'
import { checkAll } from './check-all'
import { CHECK_OPTIONS, type CheckFlags, type CheckFormat } from './check-flags'
import { withSignals } from '../signals'
import { withReadiness } from '../../shared/domain/readiness'

const HELP = `usage: nsm-ha-doctor check --primary [user@]host[:port] --secondary [user@]host[:port] [options]
       nsm-ha-doctor check --pair NAME [options]
       nsm-ha-doctor check --all [--tag T]... [--concurrency N] [options]
       nsm-ha-doctor check --from-files primary=FILE secondary=FILE [--name NAME] [--format …] [--no-save]

${TARGET_HELP}
  --pair NAME                a saved pair (secrets from the OS keychain)
  --all                      every saved pair, one line each; exit code = the worst pair's
  --tag T                    with --all: only pairs with tag T (repeatable: any of them)
  --concurrency N            with --all: pairs checked at a time (default 4, 2 SSH connections each)
  --known-hosts FILE         pinned host keys (default <data dir>/known_hosts; saved pairs: the app's pins)
  --accept-new-host-keys     pin host keys seen for the first time (a changed key is always refused)
  --sudo                     run the probe with sudo -n when the login user is not root
  --timeout SEC              connect timeout (default 15) — the probe itself may take up to 120 s
  --format text|json|nagios|prometheus
                             output (default text; --all: text, json (an array) or prometheus)
  --no-save                  do not store the run in the history
  --from-files ROLE=FILE     analyse output collected by hand with "nsm-ha-doctor probe-script" (both
                             primary=FILE and secondary=FILE); checks needing this machine are skipped
  --honour-acks              leave acknowledged results (nsm-ha-doctor ack) out of the exit code and the metrics`

/** Print one report in the chosen format; returns its exit code (acknowledged results left out with --honour-acks). */
export function printReport(report: RunReport, format: CheckFormat, honourAcks = false): ExitCode {
  const code = reportExitCode(report, { honourAcks })
  if (format === 'json') process.stdout.write(`${jsonText(redactDeep(withReadiness(report)))}\n`)
  else if (format === 'nagios') process.stdout.write(`${formatNagios(report, code)}\n`)
  else if (format === 'prometheus') process.stdout.write(renderPrometheus([{ pair: report.pair.name, report }], { honourAcks }))
  else process.stdout.write(`${formatText(report, process.stdout.isTTY === true && !process.env.NO_COLOR)}\n`)
  for (const role of ['primary', 'secondary'] as const) {
    if (!report.nodes[role].reachable)
      console.error(`nsm-ha-doctor check: ${role} ${terminalLine(report.nodes[role].error ?? 'not reachable')}`)
  }
  return code
}

export async function run(argv: string[]): Promise<number> {
  let f: CheckFlags
  let format: CheckFormat
  let timeoutSec: number
  try {
    const parsed = parseCommand({ args: argv, options: CHECK_OPTIONS, allowPositionals: true })
    f = parsed.values
    // `--from-files primary=A secondary=B`: the second ROLE=FILE may follow as a plain argument
    if (parsed.positionals.length) {
      if (!f['from-files']) throw new UsageError(`unexpected argument ${parsed.positionals[0].slice(0, 80)}`)
      f['from-files'] = [...f['from-files'], ...parsed.positionals]
    }
    if (f.help) {
      console.log(HELP)
      return 0
    }
    const fmt = f.format ?? 'text'
    if (fmt !== 'text' && fmt !== 'json' && fmt !== 'nagios' && fmt !== 'prometheus') {
      throw new UsageError(`--format must be text, json, nagios or prometheus (got "${fmt}")`)
    }
    format = fmt
    timeoutSec = f.timeout === undefined ? 15 : Number(f.timeout)
    if (!Number.isFinite(timeoutSec) || timeoutSec <= 0) throw new UsageError('--timeout must be a positive number of seconds')
    if (f.all && f.pair) throw new UsageError('give --all or --pair NAME, not both')
    if (!f.all && (f.tag || f.concurrency)) throw new UsageError('--tag and --concurrency go with --all')
    if (f['from-files'] && (f.all || f.pair || f.primary || f.secondary))
      throw new UsageError('--from-files analyses two files: not with --all, --pair, --primary or --secondary')
  } catch (err) {
    return fail('check', err)
  }
  if (f['from-files']) return checkFromFiles(f, f['from-files'], format)
  if (f.all) {
    if (format === 'nagios')
      return fail('check', new UsageError('--format nagios checks one pair; with --all use text, json or prometheus'))
    return checkAll(f, format, timeoutSec * 1000)
  }
  return f.pair ? checkSaved(f, f.pair, format, timeoutSec * 1000) : checkAdHoc(f, format, timeoutSec * 1000)
}

/** `check --pair NAME`: the saved pair through the run service (begin → run → save). */
async function checkSaved(f: CheckFlags, name: string, format: CheckFormat, connectTimeoutMs: number): Promise<number> {
  let store: AppStore | undefined
  try {
    store = await openCliStore({ runsChecks: true })
    const { loadSavedPair } = await import('../saved-pair')
    const { pair } = await loadSavedPair(name, store)
    const service = cliRunService(store, {
      password: envSecret('password-env', f['password-env']),
      ...(f['known-hosts'] ? { hostKeys: new KnownHostsFile(f['known-hosts']) } : {}),
      acceptNewHostKeys: f['accept-new-host-keys'] === true,
      allowLegacyAlgorithms: f['allow-legacy-algorithms'],
      connectTimeoutMs,
      save: f['no-save'] !== true
    })
    const ran = await withSignals((signal) => service.run(pair.id, { signal, trigger: 'cli' }))
    // acknowledgements this run settles end now (not with --no-save: nothing is written); the rest are marked
    const report = f['no-save'] ? withAcks(store.acks, ran) : settleAcks(store.acks, ran)
    if (f['no-save']) delete report.runId
    return printReport(report, format, f['honour-acks'] === true)
  } catch (err) {
    return fail('check', err)
  } finally {
    store?.close()
  }
}

/** The run history a check saves its run in, or undefined (said in one line) when it cannot be opened: the check still runs. */
async function historyOrNone(opts: Parameters<typeof openCliStore>[0]): Promise<AppStore | undefined> {
  try {
    return await openCliStore(opts)
  } catch (err) {
    console.error(`nsm-ha-doctor check: history not available, the run will not be saved (${terminalSafe(errorLine(err))})`)
    return undefined
  }
}

/** `check --primary … --secondary …`: an ad-hoc pair, saved in the history under its name. */
async function checkAdHoc(f: CheckFlags, format: CheckFormat, connectTimeoutMs: number): Promise<number> {
  let store: AppStore | undefined
  try {
    const { pair, secrets } = pairFromFlags(f, { sudo: f.sudo ? 'sudo' : 'none', requireCredentials: true })
    const hostKeys = new KnownHostsFile(f['known-hosts'] ?? join(dataDir(), 'known_hosts'))
    if (!f['no-save']) store = await historyOrNone({ runsChecks: true, noKeychain: true })
    const history = store?.history
    const ran = await withSignals((signal) =>
      runAdHoc(history, pair, secrets, { hostKeys, acceptNewHostKeys: f['accept-new-host-keys'] === true, connectTimeoutMs, signal })
    )
    const report = store ? settleAcks(store.acks, ran) : ran
    return printReport(report, format, f['honour-acks'] === true)
  } catch (err) {
    return fail('check', err)
  } finally {
    store?.close()
  }
}

/** `check --from-files primary=A secondary=B`: collected output, the same checks, saved marked offline. */
async function checkFromFiles(f: CheckFlags, specs: string[], format: CheckFormat): Promise<number> {
  let store: AppStore | undefined
  try {
    const files: Partial<Record<'primary' | 'secondary', string>> = {}
    for (const spec of specs) {
      const m = /^(primary|secondary)=(.+)$/.exec(spec)
      if (!m) throw new UsageError(`--from-files takes primary=FILE and secondary=FILE (got "${spec.slice(0, 60)}")`)
      if (files[m[1] as 'primary']) throw new UsageError(`--from-files ${m[1]}= given twice`)
      files[m[1] as 'primary'] = m[2]
    }
    if (!files.primary || !files.secondary) throw new UsageError('--from-files needs both primary=FILE and secondary=FILE')
    const { readCollectedFile } = await import('../../main/offline/read-collected')
    const { analyseCollected } = await import('../../main/offline/collected')
    const { runBy } = await import('../../main/platform/who')
    const primary = readCollectedFile(files.primary)
    const secondary = readCollectedFile(files.secondary)
    if (!f['no-save']) store = await historyOrNone({ noKeychain: true })
    const analysed = analyseCollected({ primary, secondary, by: runBy(), ...(f.name ? { pairName: f.name } : {}) })
    let report = analysed
    if (store) {
      const saved = store.pairs.getByName(analysed.pair.name)
      // a saved pair of that name keeps the run in its history, under its own summary (the nodes say which file)
      report = saved ? { ...analysed, pair: { ...pairSummary(saved), paths: analysed.pair.paths } } : analysed
      report.runId = store.history.saveRun(report)
      report = settleAcks(store.acks, report)
    }
    return printReport(report, format, f['honour-acks'] === true)
  } catch (err) {
    return fail('check', err)
  } finally {
    store?.close()
  }
}
