/** registerReportsIpc: a run's report as HTML, Markdown, JSON or a support bundle, returned or saved. */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices, ChooseSavePath } from '../app/services'
import { handle, type Registrar } from './handle'

/** `choosePath`: the host's save function (Electron: the save dialog; the e2e bridge: a temp dir). */
export function registerReportsIpc(r: Registrar, s: AppServices, choosePath?: ChooseSavePath): void {
  handle(r, IPC.reportsExport, ({ runId, format }) => s.reports.exportRun(runId, format))
  handle(r, IPC.reportsSave, ({ runId, format }) => {
    if (!choosePath) throw new Error('saving files is not available in this host')
    return s.reports.saveExport(runId, format, choosePath)
  })
}
