/**
 * `nsm-ha-doctor history --pair NAME [--limit N] [--format text|json]` — the stored runs of a pair,
 * newest first; `--run ID --export html|markdown|json|bundle --out FILE` writes one run's report.
 * Every text line goes through say/sayError (control characters of pair names and stored text as visible
 * escapes); JSON through sayJson.
 */
import { pairKeyOf } from '../../main/history/history-service'
import { writeExport, exportFileName, type ExportFormat } from '../../main/reports/index'
import { errorLine, fail, HELP_OPTION, parseCommand, UsageError } from '../args'
import { withCliStore } from '../store'
import { printTable } from '../format/table'
import { say, sayError, sayJson } from '../format/terminal'

const USAGE = `usage:
  nsm-ha-doctor history --pair NAME [--limit N] [--offset N] [--format text|json]
  nsm-ha-doctor history --pair NAME --run ID --export html|markdown|json|bundle [--out FILE]`

const FORMATS: readonly ExportFormat[] = ['html', 'markdown', 'json', 'bundle']

const OPTIONS = {
  pair: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  format: { type: 'string' },
  run: { type: 'string' },
  export: { type: 'string' },
  out: { type: 'string' },
  ...HELP_OPTION
} as const

export async function run(argv: string[]): Promise<number> {
  let args
  try {
    args = parseCommand({ args: argv, options: OPTIONS }).values
  } catch (err) {
    return usage(err)
  }
  if (args.help) {
    say(USAGE)
    return 0
  }
  const pairName = args.pair
  if (!pairName) return usage('--pair NAME is required')
  const limit = Number(args.limit ?? 20)
  const offset = Number(args.offset ?? 0)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return usage('--limit must be 1-1000')
  if (!Number.isInteger(offset) || offset < 0) return usage('--offset must be 0 or more')
  const format = args.format ?? 'text'
  if (format !== 'text' && format !== 'json') return usage('--format must be text or json')

  return withCliStore({}, (store) => {
    const saved = store.pairs.getByName(pairName)
    // runs of an unsaved pair (check without --pair) are kept under the name they ran with
    const key = saved ? pairKeyOf(saved) : { pairName }
    const exportFormat = args.export
    const runId = args.run
    if (exportFormat || runId) {
      if (!exportFormat || !runId) return usage('--run ID and --export FORMAT go together')
      if (!FORMATS.includes(exportFormat as ExportFormat)) return usage(`--export must be one of ${FORMATS.join(', ')}`)
      const report = store.history.getRun(Number(runId))
      if (!report || (saved ? report.pair.id !== saved.id : report.pair.name !== pairName)) {
        sayError(`nsm-ha-doctor history: no run ${runId} for pair "${pairName}"`)
        return 3
      }
      const out = args.out ?? exportFileName(report, exportFormat as ExportFormat)
      writeExport(report, exportFormat as ExportFormat, out)
      say(`wrote ${out}`)
      return 0
    }
    const page = store.history.listRuns(key, { limit, offset })
    if (!saved && page.total === 0) {
      sayError(`nsm-ha-doctor history: no saved pair and no runs named "${pairName}"`)
      return 3
    }
    if (format === 'json') {
      sayJson({ pair: saved?.name ?? pairName, total: page.total, offset: page.offset, runs: page.items })
      return 0
    }
    if (page.items.length === 0) {
      say(`no runs stored for "${pairName}"`)
      return 0
    }
    const rows = page.items.map((r) => [
      String(r.id),
      r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      r.finishedAt ? `${((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)}s` : '-',
      r.state,
      r.verdict ?? '-',
      `${r.counts.fail}/${r.counts.unknown}/${r.counts.warn}/${r.counts.pass}/${r.counts.skipped}`,
      r.by ?? ''
    ])
    printTable(['RUN', 'STARTED', 'TOOK', 'STATE', 'VERDICT', 'F/U/W/P/S', 'BY'], rows)
    if (page.total > offset + page.items.length)
      say(`… ${page.total - offset - page.items.length} older (--offset ${offset + page.items.length})`)
    return 0
  })
}

/** A usage problem (a message or a parse error), with the pointer to --help. */
function usage(problem: unknown): number {
  return fail('history', new UsageError(`${typeof problem === 'string' ? problem : errorLine(problem)} (try --help)`))
}
