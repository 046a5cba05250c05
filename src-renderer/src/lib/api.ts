/** The only module that touches window.api. */
import type { Api } from '../../../src-main/preload/api'

export const api: Api = window.api

/** One-line message of a rejected call: the same first line main and the CLI show (shared/error-line.ts). */
export { errorLine as errorText } from '@shared/error-line'
