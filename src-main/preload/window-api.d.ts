/** The renderer's view of the bridge: `window.api` is the object preload/api.ts builds. */
import type { Api } from './api'

declare global {
  interface Window {
    api: Api
  }
}
export {}
