/** The schedule intervals offered (minutes; 0 = off, null = the default). */
export const INTERVALS: readonly (number | null)[] = [null, 0, 1, 5, 15, 30, 60, 240, 1440]

export function intervalLabel(m: number | null, fallback?: number): string {
  if (m === null) return fallback === undefined ? 'Default' : `Default (${intervalLabel(fallback)})`
  if (m === 0) return 'Off'
  if (m < 60) return `every ${m} min`
  if (m < 1440) return `every ${m / 60} h`
  return `every ${m / 1440} d`
}

export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
