/**
 * History benchmark: 10,000 runs of one pair in a real SQLite file — each run a few check statuses apart
 * and the secondary's xdb grown (so facts change every run) — then the queries the UI and CLI make, timed
 * against it. Figures, not assertions. Unchanged runs: bench/storage.ts.
 * `npx tsx bench/history.ts [--runs=N]` prints them; bench/index.ts imports benchHistory().
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { openAppStore } from '../src-main/main/store/app-store'
import { RunRepo } from '../src-main/main/db/run-repo'
import { SessionSecretStore } from '../src-main/main/secrets/session-store'
import { pairSummary } from '../src-main/shared/domain/run'
import { pairKeyOf } from '../src-main/main/history/history-service'
import { redactDeep } from '../src-main/main/reports/redact'
import { countStatuses, type CheckStatus } from '../src-main/shared/domain/check'
import type { RunReport } from '../src-main/shared/domain/run'
import { reportWithSecrets } from '../test/history/fixture-report'
import { LAB } from '../test/history/lab-pair'

export interface Figure {
  name: string
  value: number
  note?: string
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function time(reps: number, f: (i: number) => void): number {
  const xs: number[] = []
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now()
    f(i)
    xs.push(performance.now() - t0)
  }
  return median(xs)
}

const STATUSES: CheckStatus[] = ['pass', 'warn', 'fail', 'unknown']

/** A variant of the template: a few checks flip status, times move on, xdb grows. */
function variant(template: RunReport, i: number, t0: number): RunReport {
  const startedAt = new Date(t0 + i * 300_000).toISOString()
  const checks = template.checks.map((c, k) => ((i * 31 + k * 7) % 97 === 0 ? { ...c, status: STATUSES[(i + k) % STATUSES.length] } : c))
  const secondary = template.nodes.secondary.xdb
    ? { ...template.nodes.secondary, xdb: { ...template.nodes.secondary.xdb, dataBytes: 1_048_576 + i * 4096 } }
    : template.nodes.secondary
  return {
    ...template,
    startedAt,
    finishedAt: new Date(t0 + i * 300_000 + 4200).toISOString(),
    nodes: { primary: template.nodes.primary, secondary },
    checks,
    summary: countStatuses(checks),
    verdict: checks.some((c) => c.status === 'fail')
      ? 'fail'
      : checks.some((c) => c.status === 'unknown')
        ? 'unknown'
        : checks.some((c) => c.status === 'warn')
          ? 'warn'
          : 'pass'
  }
}

/** Fill a temp database with `runs` runs and time the history operations. */
export async function benchHistory(options: { runs?: number; keep?: boolean } = {}): Promise<Figure[]> {
  const runs = options.runs ?? 10_000
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-bench-history-'))
  const store = await openAppStore({ dir, secretStore: new SessionSecretStore() })
  try {
    store.settings.setRetention({ keepRuns: runs * 2, keepDays: null })
    const pair = store.pairs.save(LAB)
    const key = pairKeyOf(pair)
    const template = redactDeep(reportWithSecrets({ pair: pairSummary(pair) }))
    const repo = new RunRepo(store.db)
    const t0 = Date.UTC(2026, 0, 1)
    const fillStart = performance.now()
    const batch = store.db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) repo.save(variant(template, i, t0), pair.id)
    })
    for (let i = 0; i < runs; i += 500) batch(i, Math.min(runs, i + 500))
    const fillMs = performance.now() - fillStart
    const blobs = (store.db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n

    let next = runs
    // fresh engine-built reports (not yet redacted), made before the clock starts
    const fresh = Array.from({ length: 21 }, (_, i) => variant(reportWithSecrets({ pair: pairSummary(pair) }), runs + i, t0))
    next += fresh.length
    const insertOne = time(21, (i) => store.history.saveRun(fresh[i]))
    const beginAndSave = time(11, () => {
      const r = variant(template, next++, t0)
      const runId = store.history.beginRun(r.pair, r.startedAt, r.by)
      store.history.saveRun({ ...r, runId })
    })
    const firstPage = time(21, () => store.history.listRuns(key, { limit: 50 }))
    const deepPage = time(21, () => store.history.listRuns(key, { limit: 50, offset: runs - 100 }))
    const trend100 = time(11, () => store.history.trend(key, { limit: 100 }))
    const trend1000 = time(5, () => store.history.trend(key, { limit: 1000 }))
    const trendAll = time(3, () => store.history.trend(key, { limit: 5000, checkIds: ['gui.one-time-password'] }))
    const ids = store.history.listRuns(key, { limit: 1 }).items[0].id
    const compare = time(21, (i) => store.history.compare(1 + ((i * 37) % runs), ids))
    const whole = time(21, (i) => store.history.getRun(1 + ((i * 53) % runs)))
    const healthy = time(21, () => store.history.lastHealthyRun(key))
    store.db.pragma('wal_checkpoint(TRUNCATE)')
    const file = store.file
    const size = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0)
    return [
      { name: 'runs stored', value: runs, note: `${blobs.toLocaleString('en')} distinct blobs (facts, results, status maps)` },
      { name: 'fill (batched, 500 runs per transaction)', value: fillMs, note: `${((fillMs / runs) * 1000).toFixed(0)} µs per run` },
      { name: 'insert one run (saveRun: redact + 1 transaction + retention)', value: insertOne, note: 'median of 21' },
      { name: 'begin + save one run (running row, then the whole run)', value: beginAndSave, note: 'median of 11' },
      { name: 'list a page (50 newest)', value: firstPage, note: 'median of 21' },
      { name: `list a deep page (offset ${runs - 100})`, value: deepPage, note: 'median of 21' },
      { name: 'trend: counts + every check series, 100 runs', value: trend100, note: 'median of 11' },
      { name: 'trend: 1,000 runs', value: trend1000, note: 'median of 5' },
      { name: 'trend: one check over 5,000 runs', value: trendAll, note: 'median of 3' },
      { name: 'compare two runs (rebuild both + diff)', value: compare, note: 'median of 21' },
      { name: 'a run whole (checks + inflated facts)', value: whole, note: 'median of 21' },
      { name: 'last healthy run', value: healthy, note: 'median of 21' },
      { name: 'database size', value: size, note: `${(size / runs / 1024).toFixed(1)} KiB per run` }
    ]
  } finally {
    store.close()
    if (!options.keep) rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href || require.main === module) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 10_000)
  benchHistory({ runs }).then((figures) => {
    for (const f of figures) {
      const v = /size/.test(f.name)
        ? `${(f.value / 1024 / 1024).toFixed(1)} MiB`
        : /runs stored/.test(f.name)
          ? String(f.value)
          : `${f.value.toFixed(2)} ms`
      console.log(`${f.name.padEnd(64)} ${v.padStart(12)}  ${f.note ?? ''}`)
    }
  })
}
