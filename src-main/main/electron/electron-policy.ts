/**
 * The Electron release policy as plain functions (no Electron import, so tests run them): the app's own
 * origin (the renderer is served from `app://nsm-ha-doctor/`, not file://), which frames may call IPC,
 * which URLs may leave the app through shell.openExternal, and how an app:// request maps to a file of
 * the built renderer.
 */
import { isAbsolute, join, normalize, relative, sep } from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'nsm-ha-doctor'
/** the page Electron loads */
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * Origins shell.openExternal may open (https only, exact origin): Juniper's knowledge base, where the
 * guide's articles live. Nothing else leaves the app; the renderer has no other links.
 */
export const EXTERNAL_ORIGINS: readonly string[] = ['https://kb.juniper.net', 'https://supportportal.juniper.net']

function parse(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/** May this URL be handed to the OS (shell.openExternal)? */
export function externalUrlAllowed(url: string): boolean {
  const u = parse(url)
  if (!u || u.protocol !== 'https:' || u.username || u.password || u.port) return false
  return EXTERNAL_ORIGINS.includes(`${u.protocol}//${u.hostname.toLowerCase()}`)
}

/** Is this a URL of the app's own renderer: app://nsm-ha-doctor/…, or the dev server in a dev build? */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  const u = parse(url)
  if (!u) return false
  if (u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && !u.username && !u.password && !u.port) return true
  const dev = devServerUrl ? parse(devServerUrl) : undefined
  return !!dev && u.protocol === dev.protocol && u.host === dev.host
}

/** What the IPC sender check reads of Electron's event.senderFrame (WebFrameMain). */
export interface SenderFrame {
  url: string
  parent: unknown
}

/** IPC is answered only for the app's own top-level frame: no iframe, no other page, no frame gone. */
export function isTrustedSender(frame: SenderFrame | null | undefined, devServerUrl?: string): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url, devServerUrl)
}

/**
 * The file of the built renderer an app:// request asks for (`/` is index.html), or null when the URL
 * is not the app's origin or its path leaves the renderer directory.
 */
export function resolveAppAsset(requestUrl: string, rendererDir: string): string | null {
  const u = parse(requestUrl)
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.hostname !== APP_HOST) return null
  let path: string
  try {
    path = decodeURIComponent(u.pathname)
  } catch {
    return null
  }
  if (path.includes('\0')) return null
  if (path === '/' || path === '') path = '/index.html'
  const file = normalize(join(rendererDir, path))
  const rel = relative(rendererDir, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null
  return file
}

const MIME: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  woff: 'font/woff'
}

/** Content type of a renderer file by its extension (module scripts need a JavaScript type). */
export function mimeOf(file: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? ''
  return MIME[ext] ?? 'application/octet-stream'
}
