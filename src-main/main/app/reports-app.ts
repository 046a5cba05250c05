/** Exports of a saved run: rendered in main (text, or the support-bundle zip) and written where the host says. */
import { writeFileSync } from 'node:fs'
import type { AppStore } from '../store/app-store'
import { renderExport, exportFileName, type ExportFormat } from '../reports'
import type { Result } from '../../shared/ipc-contract'

/**
 * Where an export is saved: Electron asks with its save dialog, the e2e bridge answers a temp dir.
 * Resolves to the chosen absolute path, or null when the admin cancelled.
 */
export type ChooseSavePath = (suggestedName: string, format: ExportFormat) => Promise<string | null>

export interface ReportsApp {
  exportRun(runId: number, format: 'html' | 'markdown' | 'json'): { fileName: string; text: string }
  /** reports:save — render the export (text or support-bundle zip) in main and write it where `choose` says */
  saveExport(runId: number, format: ExportFormat, choose: ChooseSavePath): Promise<Result<'reports:save'>>
}

export function createReportsApp(store: AppStore): ReportsApp {
  return {
    exportRun(runId, format) {
      const report = store.history.getRun(runId)
      if (!report) throw new Error(`no run ${runId}`)
      return { fileName: exportFileName(report, format), text: new TextDecoder().decode(renderExport(report, format)) }
    },
    async saveExport(runId, format, choose) {
      const report = store.history.getRun(runId)
      if (!report) throw new Error(`no run ${runId}`)
      const fileName = exportFileName(report, format)
      const path = await choose(fileName, format)
      if (!path) return { saved: false, fileName }
      const bytes = renderExport(report, format)
      writeFileSync(path, bytes, { mode: 0o600 })
      return { saved: true, path, bytes: bytes.length, fileName }
    }
  }
}
