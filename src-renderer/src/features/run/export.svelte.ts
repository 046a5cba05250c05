/**
 * Exports of the open run through reports:save: main renders the bytes (HTML, Markdown, JSON or the
 * support-bundle zip) and writes them where its save function says (Electron: the save dialog). The
 * renderer only sends the run id and the format, and shows "saved <path> (1.5 KB)" (the app's one byte format) or a one-line reason.
 */
import type { SaveFormatDto } from '@shared/ipc-contract'
import { api, errorText } from '../../lib/api'
import { bytes } from '../../lib/format'

export const EXPORT_FORMATS: { format: SaveFormatDto; label: string }[] = [
  { format: 'html', label: 'HTML' },
  { format: 'markdown', label: 'Markdown' },
  { format: 'json', label: 'JSON' },
  { format: 'bundle', label: 'Support bundle' }
]

export const exportStatus = $state<{
  runId: number | null
  text: string | null
  ok: boolean
  busy: SaveFormatDto | null
}>({ runId: null, text: null, ok: true, busy: null })

export async function saveExport(runId: number, format: SaveFormatDto): Promise<void> {
  if (exportStatus.busy) return
  exportStatus.busy = format
  exportStatus.runId = runId
  exportStatus.text = null
  try {
    const r = await api.reports.save({ runId, format })
    exportStatus.ok = true
    exportStatus.text = r.saved ? `saved ${r.path} (${bytes(r.bytes)})` : `not saved: ${r.fileName} cancelled in the save dialog`
  } catch (e) {
    exportStatus.ok = false
    exportStatus.text = `export failed: ${errorText(e)}`
  } finally {
    exportStatus.busy = null
  }
}
