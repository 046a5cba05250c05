/**
 * Exports of the open run through reports:save: main renders the bytes (HTML, Markdown, JSON or the
 * support-bundle zip) and writes them where its save function says (Electron: the save dialog). The
 * renderer only sends the run id and the format, and shows "saved <path> (1.5 KiB)" (the app's one byte format) or a one-line reason.
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

/** The export of the open run: which format is being saved, and the line saying where it went (or why not). */
export class ExportState {
  #runId = $state<number | null>(null)
  #text = $state<string | null>(null)
  #ok = $state(true)
  #busy = $state<SaveFormatDto | null>(null)

  /** the run the last message is about (the message shows only with that run on screen) */
  get runId(): number | null {
    return this.#runId
  }
  get text(): string | null {
    return this.#text
  }
  get ok(): boolean {
    return this.#ok
  }
  /** the format being saved (null: none) */
  get busy(): SaveFormatDto | null {
    return this.#busy
  }

  async save(runId: number, format: SaveFormatDto): Promise<void> {
    if (this.#busy) return
    this.#busy = format
    this.#runId = runId
    this.#text = null
    try {
      const r = await api.reports.save({ runId, format })
      this.#ok = true
      this.#text = r.saved ? `saved ${r.path} (${bytes(r.bytes)})` : `not saved: ${r.fileName} cancelled in the save dialog`
    } catch (e) {
      this.#ok = false
      this.#text = `export failed: ${errorText(e)}`
    } finally {
      this.#busy = null
    }
  }
}

export const exportStatus = new ExportState()
