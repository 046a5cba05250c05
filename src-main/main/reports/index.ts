/** Report exports of a run: HTML, Markdown, JSON and the support bundle zip. */
import { chmodSync, writeFileSync } from 'node:fs'
import type { RunReport } from '../../shared/domain/run'
import { buildSupportBundle } from './bundle'
import { renderHtml } from './html'
import { renderJson } from './json'
import { renderMarkdown } from './markdown'

export { renderHtml } from './html'
export { renderMarkdown } from './markdown'
export { renderJson, reportObject } from './json'
export { buildSupportBundle, bundleFiles } from './bundle'
export { redactText, redactDeep } from './redact'

export type ExportFormat = 'html' | 'markdown' | 'json' | 'bundle'

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { html: 'html', markdown: 'md', json: 'json', bundle: 'zip' }

/** The bytes of one export. */
export function renderExport(report: RunReport, format: ExportFormat): Uint8Array {
  switch (format) {
    case 'html':
      return Buffer.from(renderHtml(report), 'utf8')
    case 'markdown':
      return Buffer.from(renderMarkdown(report), 'utf8')
    case 'json':
      return Buffer.from(renderJson(report), 'utf8')
    case 'bundle':
      return buildSupportBundle(report)
  }
}

/** Write one export to `file` (the UI asks for the path with a save dialog; the CLI takes it as an option). */
export function writeExport(report: RunReport, format: ExportFormat, file: string): void {
  writeFileSync(file, renderExport(report, format), { mode: 0o600 })
  // the mode above applies only to a new file: an existing one being replaced is narrowed too
  if (process.platform !== 'win32') chmodSync(file, 0o600)
}

/** A file name suggestion: `<pair>-<yyyymmdd-hhmmss>.<ext>`. */
export function exportFileName(report: RunReport, format: ExportFormat): string {
  const stamp = report.startedAt.replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  const pair = report.pair.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'pair'
  return `${pair}-${stamp}.${EXPORT_EXTENSIONS[format]}`
}
