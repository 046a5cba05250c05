/** The only module that touches window.api. */
import type { Api } from '../../../src-main/preload/api'

export const api: Api = window.api

/** One-line message of a rejected call. */
export function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]
}
