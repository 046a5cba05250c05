/** Pure formatters. */
import { humanBytes } from '@shared/bytes'
export function bytes(n: number | undefined): string {
  return n === undefined ? '—' : humanBytes(n)
}

export function time(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString()}`
}

export const STATUS_ICON: Record<string, string> = { pass: '✔', warn: '▲', fail: '✖', unknown: '?', skipped: '–' }
