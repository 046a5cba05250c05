/** A byte count for people: 1024-based, one decimal above bytes (`512 B`, `1.5 KB`, `2.0 GB`). */
export function humanBytes(n: number): string {
  const u = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(i ? 1 : 0)} ${u[i]}`
}
