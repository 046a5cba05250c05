/** The only module that touches window.api. */
import type { Api } from '../../../src-main/preload/api'

// typed here (api.d.ts shares its module name with api.ts, so the global augmentation is shadowed)
export const api: Api = (window as unknown as { api: Api }).api

/** One-line message of a rejected call. */
export function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]
}
