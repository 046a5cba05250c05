/**
 * `nsm-ha-doctor serve-metrics --listen HOST:PORT`: checks every saved pair (or those with --tag) on a
 * schedule through the run service and serves the newest results at http://HOST:PORT/metrics in the
 * Prometheus text format. Until a pair's first check here, its newest run from the history is served.
 * Sweeps never overlap: the next starts `--interval` seconds after the previous one ended.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AppStore } from '../../main/store/app-store'
import type { PairMetrics } from '../../main/metrics/prometheus'
import { renderPrometheus } from '../../main/metrics/prometheus'
import { envSecret, errorLine, fail, HELP_OPTION, intOption, parseCommand, UsageError } from '../args'
import { openCliStore } from '../store'
import { cliRunService, withheldLines } from '../runs'
import { formatSummaryLines } from '../format/summary'
import { terminalLine } from '../format/terminal'
import { lineOf, selectPairs } from './check-all'
import { sharedAbortController } from '../signals'

const HELP = `usage: nsm-ha-doctor serve-metrics [--listen HOST:PORT] [--interval SEC] [--tag T]... [options]

Checks the saved pairs on a schedule and serves the results at http://HOST:PORT/metrics (Prometheus).
  --listen HOST:PORT         address to serve on (default 127.0.0.1:9810; port 0 = any free port)
  --allow-host NAME          also answer requests for this host name (repeatable); by default only the
                             listen address and localhost names (a request for any other Host gets 421)
  --interval SEC             seconds from the end of one round of checks to the next (default 300)
  --tag T                    only pairs with tag T (repeatable: any of them)
  --concurrency N            pairs checked at a time (default 4)
  --password-env VAR         SSH password for every pair instead of the keychain's (offered only to nodes
                             whose host keys were pinned before: trusted in the app or on the command line)
  --accept-new-host-keys     pin host keys seen for the first time (a changed key is always refused)
  --timeout SEC              connect timeout (default 15)
  --no-save                  do not store the runs in the history`

const OPTIONS = {
  listen: { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  interval: { type: 'string' },
  tag: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  'password-env': { type: 'string' },
  'accept-new-host-keys': { type: 'boolean' },
  timeout: { type: 'string' },
  'no-save': { type: 'boolean' },
  ...HELP_OPTION
} as const

/** `HOST:PORT` or `[v6]:PORT` → parts. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(value.trim())
  const port = m ? Number(m[3]) : NaN
  if (!m || port > 65535) throw new UsageError(`--listen must be HOST:PORT (got "${value}")`)
  return { host: m[1] ?? m[2], port }
}

/** A Host header's name (port and IPv6 brackets removed, lower case), or undefined when it has none. */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined
  const h = header.trim().toLowerCase()
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(h) ?? /^([^:]+)(?::\d+)?$/.exec(h)
  return m ? m[1].replace(/\.$/, '') : undefined
}

/** A name as given on the command line (`::1` and `[::1]` alike). */
function givenName(h: string): string | undefined {
  return hostName((h.match(/:/g) ?? []).length > 1 && !h.startsWith('[') ? `[${h}]` : h)
}

const LOCAL_NAMES = ['localhost', 'localhost.localdomain', 'ip6-localhost', '127.0.0.1', '::1']

/**
 * The Host names served: the listen address, the localhost names, and `--allow-host` names. A page in the
 * admin's browser that rebinds its own name to this address still sends its own name, and is refused.
 */
export function allowedHosts(listenHost: string, extra: readonly string[] = []): Set<string> {
  return new Set([listenHost, ...LOCAL_NAMES, ...extra].map(givenName).filter((h): h is string => h !== undefined))
}

/** The metrics HTTP server: GET/HEAD /metrics and /, only for an allowed Host. */
export function metricsServer(allowed: ReadonlySet<string>, body: () => string): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const name = hostName(req.headers.host)
    if (name === undefined || !allowed.has(name)) {
      res
        .writeHead(421, { 'content-type': 'text/plain; charset=utf-8' })
        .end('misdirected request: this host name is not served here (see --allow-host)\n')
      return
    }
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if (path === '/metrics') {
      let text: string
      try {
        text = body()
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${errorLine(err)}\n`)
        return
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : text)
      return
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('NSM HA Doctor metrics: /metrics\n')
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n')
  })
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}

export async function run(argv: string[]): Promise<number> {
  let o: ReturnType<typeof parseCommand<{ args: string[]; options: typeof OPTIONS }>>['values']
  let address: { host: string; port: number }
  let intervalMs: number
  let concurrency: number
  let timeoutMs: number
  let password: string | undefined
  let allowHosts: string[]
  try {
    o = parseCommand({ args: argv, options: OPTIONS }).values
    if (o.help) {
      console.log(HELP)
      return 0
    }
    address = parseListen(o.listen ?? '127.0.0.1:9810')
    intervalMs = intOption(o.interval, 'interval', 300, 1, 7 * 86_400) * 1000
    concurrency = intOption(o.concurrency, 'concurrency', 4, 1, 64)
    timeoutMs = intOption(o.timeout, 'timeout', 15, 1, 600) * 1000
    password = envSecret('password-env', o['password-env'])
    allowHosts = (o['allow-host'] ?? []).map((h) => {
      const name = givenName(h)
      if (!name || !/^[a-z0-9._:-]+$/.test(name)) throw new UsageError(`--allow-host must be a host name or address (got "${h}")`)
      return name
    })
  } catch (err) {
    return fail('serve-metrics', err)
  }

  let store: AppStore
  try {
    store = await openCliStore({ runsChecks: true })
  } catch (err) {
    return fail('serve-metrics', err)
  }
  const service = cliRunService(store, {
    password,
    // one password for many pairs: only to nodes whose host keys the admin confirmed (pinned before the run)
    passwordOnlyToPinned: true,
    acceptNewHostKeys: o['accept-new-host-keys'] === true,
    connectTimeoutMs: timeoutMs,
    save: o['no-save'] !== true
  })
  if (password !== undefined)
    for (const line of withheldLines(selectPairs(store.pairs.list(), o.tag), store.hostKeys))
      console.error(`nsm-ha-doctor serve-metrics: ${terminalLine(line)}`)
  /** newest metrics per pair id: from the history at start, then from each check here */
  const latest = new Map<number, PairMetrics>()
  const selected = (): ReturnType<typeof selectPairs> => selectPairs(store.pairs.list(), o.tag)
  for (const p of selected()) {
    const report = store.history.latestRun({ pairId: p.id })
    if (report) latest.set(p.id, { pair: p.name, report })
  }

  // the pairs saved now (added or removed since start), each with its newest result
  const server = metricsServer(allowedHosts(address.host, allowHosts), () =>
    renderPrometheus(selected().map((p) => ({ ...(latest.get(p.id) ?? { error: 'not checked yet' }), pair: p.name })))
  )

  let bound: AddressInfo
  try {
    bound = await listen(server, address.host, address.port)
  } catch (err) {
    store.close()
    return fail('serve-metrics', new Error(`cannot listen on ${address.host}:${address.port}: ${errorLine(err)}`))
  }
  const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address
  console.log(`serving metrics at http://${shown}:${bound.port}/metrics (checks every ${intervalMs / 1000} s)`)

  const controller = sharedAbortController()
  let timer: NodeJS.Timeout | undefined
  let sweeping: Promise<void> | undefined
  const sweep = async (): Promise<void> => {
    const pairs = selected()
    const t0 = Date.now()
    const outcomes = await service.runMany(
      pairs.map((p) => p.id),
      { concurrency, signal: controller.signal, trigger: 'schedule' }
    )
    const byId = new Map(outcomes.map((x) => [x.pairId, x]))
    const lines = pairs.map((p) => lineOf(p, byId.get(p.id)))
    pairs.forEach((p, i) => {
      const l = lines[i]
      // a pair skipped because a run was going keeps its previous result
      if (l.report) latest.set(p.id, { pair: p.name, report: l.report })
      else if (byId.get(p.id)?.state === 'failed') latest.set(p.id, { pair: p.name, error: l.error })
    })
    console.log(`checked ${pairs.length} pair${pairs.length === 1 ? '' : 's'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    for (const text of formatSummaryLines(lines)) console.log(`  ${text}`)
  }
  const schedule = (delay: number): void => {
    if (controller.signal.aborted) return
    timer = setTimeout(() => {
      sweeping = sweep()
        .catch((err: unknown) => console.error(`nsm-ha-doctor serve-metrics: ${terminalLine(errorLine(err))}`))
        .finally(() => schedule(intervalMs))
    }, delay)
  }
  schedule(0)

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  controller.abort()
  clearTimeout(timer)
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeAllConnections()
  await closed
  await sweeping
  store.close()
  console.error('serve-metrics stopped')
  return 0
}
