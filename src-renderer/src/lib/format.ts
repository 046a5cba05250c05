/** Pure formatters. */
export function bytes(n: number | undefined): string {
  if (n === undefined) return '—'
  const u = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(i ? 1 : 0)} ${u[i]}`
}

export function time(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString()}`
}

export const STATUS_ICON: Record<string, string> = { pass: '✔', warn: '▲', fail: '✖', unknown: '?', skipped: '–' }
