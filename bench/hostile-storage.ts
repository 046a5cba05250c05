/**
 * Storage under a hostile node: a pair checked 1,000 times whose primary sends 1 MiB of random comments in
 * its config files each time (high entropy: neither deflate nor content-addressed blobs can shrink it). Each
 * run parses what the probe reads of them (each file cut at the probe's cap, as parseProbeOutput does) and is
 * saved through HistoryService.saveRun with the default retention, into a real SQLite file. The figure is the
 * database size after the runs. Figures, not assertions. `npx tsx bench/hostile-storage.ts [--runs=N]`;
 * bench/index.ts imports benchHostileStorage().
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { openAppStore } from '../src-main/main/store/app-store'
import { SessionSecretStore } from '../src-main/main/secrets/session-store'
import { pairSummary } from '../src-main/shared/domain/run'
import { parseCfg } from '../src-main/main/diagnostics/parsers/cfg'
import { CFG_MAX_BYTES } from '../src-main/main/diagnostics/probe-script'
import type { ConfigName, RunReport } from '../src-main/shared/domain/run'
import { reportWithSecrets, SALT } from '../test/history/fixture-report'
import { LAB } from '../test/history/lab-pair'
import { bytes, log, ms, type Row } from './lib/stats'

export interface HostileStorageFigure {
  name: string
  value: number
  note?: string
}

const FILES: ConfigName[] = ['haSvr.cfg', 'guiSvr.cfg', 'devSvr.cfg']

/** One config file of the hostile node: its settings, then random comment lines (1/3 MiB per file). */
function hostileCfg(name: ConfigName, base: RunReport): string {
  const settings = (base.nodes.primary.configs[name]?.redactedText ?? '').split('\n').filter((l) => !l.includes('sha256:'))
  const lines: string[] = []
  let n = 0
  while (n < (1 << 20) / 3) {
    const line = `# ${randomBytes(48).toString('base64')}`
    lines.push(line)
    n += line.length + 1
  }
  return [...settings, ...lines].join('\n').slice(0, CFG_MAX_BYTES)
}

function hostileRun(base: RunReport, i: number, t0: number): RunReport {
  const at = t0 + i * 60_000
  const configs = Object.fromEntries(FILES.map((f) => [f, parseCfg(hostileCfg(f, base), `/usr/netscreen/x/${f}`, SALT)]))
  return {
    ...base,
    startedAt: new Date(at).toISOString(),
    finishedAt: new Date(at + 4200).toISOString(),
    nodes: { ...base.nodes, primary: { ...base.nodes.primary, configs, clockMs: at } }
  }
}

export async function benchHostileStorage(options: { runs?: number } = {}): Promise<HostileStorageFigure[]> {
  const runs = options.runs ?? 1000
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-bench-hostile-'))
  const store = await openAppStore({ dir, secretStore: new SessionSecretStore() })
  try {
    const pair = store.pairs.save(LAB)
    const base = reportWithSecrets({ pair: pairSummary(pair) })
    const t0 = Date.UTC(2026, 0, 1)
    const start = performance.now()
    for (let i = 0; i < runs; i++) store.history.saveRun(hostileRun(base, i, t0))
    const ms = performance.now() - start
    store.db.pragma('wal_checkpoint(TRUNCATE)')
    const size = statSync(store.file).size
    const kept = (store.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n
    const retention = store.settings.retention()
    return [
      {
        name: `database size after ${runs.toLocaleString('en')} runs of a node sending 1 MiB of random config comments`,
        value: size,
        note: `${(size / runs / 1024).toFixed(0)} KiB per run; ${kept} runs kept (retention ${JSON.stringify(retention)}); was 564 MiB (577 KiB per run) before the facts were bounded`
      },
      { name: 'saveRun of such a run', value: ms / runs, note: `mean over ${runs.toLocaleString('en')}` }
    ]
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The rows of `npm run bench -- --only=hostile-storage`. */
export async function hostileStorageBench(rows: Row[]): Promise<void> {
  log('hostile storage: 1,000 runs of a node sending 1 MiB of random config comments')
  for (const f of await benchHostileStorage())
    rows.push({ section: 'storage, hostile node', name: f.name, value: /size/.test(f.name) ? bytes(f.value) : ms(f.value), note: f.note })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href || require.main === module) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 1000)
  void benchHostileStorage({ runs }).then((figures) => {
    for (const f of figures)
      console.log(
        `${f.name.padEnd(100)} ${(/size/.test(f.name) ? `${(f.value / 1048576).toFixed(1)} MiB` : `${f.value.toFixed(1)} ms`).padStart(12)}  ${f.note ?? ''}`
      )
  })
}
