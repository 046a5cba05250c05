/**
 * Storage per unchanged run: a pair checked 10,000 times with nothing changed on the nodes (same facts,
 * same results; only times, clocks, wire bytes and durations move on), saved through saveRun into a real
 * SQLite file. The figure is the file's growth per run after the first. Figures, not assertions.
 * `npx tsx bench/storage.ts [--runs=N]`; bench/index.ts imports benchStorage().
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { openAppStore } from '../src-main/main/store/app-store'
import { SessionSecretStore } from '../src-main/main/secrets/session-store'
import { pairSummary } from '../src-main/shared/domain/run'
import type { RunReport } from '../src-main/shared/domain/run'
import { reportWithSecrets } from '../test/history/fixture-report'
import { LAB } from '../test/history/lab-pair'

export interface StorageFigure {
  name: string
  value: number
  note?: string
}

/** The same run `i` minutes later: what a scheduled check of an unchanged pair produces. */
function unchanged(base: RunReport, i: number, t0: number): RunReport {
  const at = t0 + i * 300_000
  return {
    ...base,
    startedAt: new Date(at).toISOString(),
    finishedAt: new Date(at + 4200).toISOString(),
    nodes: {
      primary: { ...base.nodes.primary, clockMs: at + 100, clockOffsetMs: (i % 7) - 3, wireBytes: 41_000 + (i % 13) },
      secondary: { ...base.nodes.secondary, clockMs: at + 120, clockOffsetMs: (i % 5) - 2, wireBytes: 39_000 + (i % 11) }
    },
    checks: base.checks.map((c, k) => ({ ...c, durationMs: Math.round(((i * 7 + k * 13) % 900) / 3) / 100 + 0.01 }))
  }
}

function dbBytes(file: string): number {
  return statSync(file).size
}

/** Save `runs` unchanged runs of one pair; returns the bytes per run and the time per save. */
export async function benchStorage(options: { runs?: number } = {}): Promise<StorageFigure[]> {
  const runs = options.runs ?? 10_000
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-bench-storage-'))
  const store = await openAppStore({ dir, secretStore: new SessionSecretStore() })
  try {
    store.settings.setRetention({ keepRuns: runs * 2, keepDays: null })
    const pair = store.pairs.save(LAB)
    const base = reportWithSecrets({ pair: pairSummary(pair) })
    const t0 = Date.UTC(2026, 0, 1)
    store.history.saveRun(unchanged(base, 0, t0))
    store.db.pragma('wal_checkpoint(TRUNCATE)')
    const firstBytes = dbBytes(store.file)
    const blobs = store.db.prepare('SELECT COUNT(*) AS n, SUM(LENGTH(body)) AS b FROM blobs').get() as { n: number; b: number }
    const start = performance.now()
    for (let i = 1; i <= runs; i++) store.history.saveRun(unchanged(base, i, t0))
    const ms = performance.now() - start
    store.db.pragma('wal_checkpoint(TRUNCATE)')
    const total = dbBytes(store.file)
    const perRun = Math.round((total - firstBytes) / runs)
    const blobsAfter = (store.db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n
    return [
      {
        name: `bytes per unchanged run (${runs.toLocaleString('en')} runs, saveRun each)`,
        value: perRun,
        note: `goal <= 2 KiB: ${perRun <= 2048 ? 'met' : 'NOT met'}; was 18.5 KiB per run before content-addressed blobs`
      },
      {
        name: 'database size after them',
        value: total,
        note: `first run ${(firstBytes / 1024).toFixed(0)} KiB (${blobs.n} blobs, ${(blobs.b / 1024).toFixed(1)} KiB of bodies); blobs after: ${blobsAfter}`
      },
      {
        name: 'saveRun of an unchanged run',
        value: ms / runs,
        note: `mean over ${runs.toLocaleString('en')} (redact + hash + 1 transaction + retention)`
      }
    ]
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href || require.main === module) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 10_000)
  void benchStorage({ runs }).then((figures) => {
    for (const f of figures)
      console.log(
        `${f.name.padEnd(64)} ${(/bytes|size/.test(f.name) ? `${f.value.toFixed(0)} B` : `${f.value.toFixed(3)} ms`).padStart(14)}  ${f.note ?? ''}`
      )
  })
}
