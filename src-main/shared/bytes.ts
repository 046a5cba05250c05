/**
 * The one byte formatter for people, everywhere (app, CLI, reports, check summaries, error lines): 1024-based
 * with IEC units, whole bytes below 1 KiB, one decimal below 10 of a unit and none from 10 on, a trailing `.0`
 * dropped (`512 B`, `1.5 KiB`, `8 MiB`, `195 KiB`, `2 GiB`).
 */
export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  let v = n
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  const text = i === 0 ? String(Math.round(v)) : v < 10 ? String(+v.toFixed(1)) : v.toFixed(0)
  return `${text} ${units[i]}`
}
