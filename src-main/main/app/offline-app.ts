/**
 * "Import collected output" in the app: main asks its host for the two files (Electron: open dialogs; the
 * e2e bridge: files the test names), reads them bounded, analyses them as a run of the selected pair, and
 * saves the run in the history marked collected offline (each node's file name and SHA-256).
 */
import type { AppStore } from '../store/app-store'
import type { RunReport } from '../../shared/domain/run'
import { analyseCollected } from '../offline/collected'
import { readCollectedFile } from '../offline/read-collected'
import { settleAcks } from '../acks/ack-service'
import { pairSummary } from '../../shared/domain/run'
import { runBy } from '../platform/who'

/** The host's file picker: the two collected files, or null when the admin cancelled. */
export type ChooseCollectedFiles = (pairName: string) => Promise<{ primary: string; secondary: string } | null>

export async function importCollected(
  store: AppStore,
  pairId: number,
  choose: ChooseCollectedFiles
): Promise<{ imported: true; report: RunReport } | { imported: false }> {
  const pair = store.pairs.get(pairId)
  if (!pair) throw new Error(`no pair ${pairId}`)
  const files = await choose(pair.name)
  if (!files) return { imported: false }
  const previous = store.history.latestRun({ pairId })
  const analysed = analyseCollected({
    primary: readCollectedFile(files.primary),
    secondary: readCollectedFile(files.secondary),
    pairName: pair.name,
    by: runBy(),
    ...(previous ? { previous } : {})
  })
  // the pair as saved (its id and paths); the nodes' hosts say which file each came from
  const report: RunReport = { ...analysed, pair: { ...pairSummary(pair), paths: analysed.pair.paths } }
  report.runId = store.history.saveRun(report)
  return { imported: true, report: settleAcks(store.acks, report) }
}
