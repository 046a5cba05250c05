/**
 * Gate for tests that need a system component (sshd, chromium and the renderer bundle, Secret Service): on
 * a laptop without it the suite skips with a one-line reason; in CI (any truthy CI: `true`, `1`, `yes`, …)
 * a missing component is a failure.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** CI as CI systems set it: any value but empty, `0`, `false`, `no` or `off` (case-insensitive). */
export function isCi(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase()
  return v !== '' && v !== '0' && v !== 'false' && v !== 'no' && v !== 'off'
}

export interface SystemGate {
  available: boolean
  reason: string
}

/** Returns a gate; throws in CI when the component is missing so the suite fails loudly. */
export function requireSystem(name: string, available: boolean, hint: string): SystemGate {
  if (available) return { available, reason: '' }
  const reason = `${name} not available: ${hint}`
  if (isCi(process.env.CI)) throw new Error(`CI=${process.env.CI} and ${reason}`)
  console.warn(`skipping: ${reason}`)
  return { available, reason }
}

export function commandExists(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export const SSHD_PATH = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p))
export const CHROMIUM_PATH = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))

/** The built renderer the browser tests load (npx electron-vite build; NSM_UI_ROOT as in test/e2e/bridge.ts). */
export const RENDERER_INDEX = join(process.env.NSM_UI_ROOT ?? join(__dirname, '..', '..'), 'out', 'renderer', 'index.html')

/**
 * The gate of every browser test: Chromium and the built renderer, each through requireSystem, so in CI a
 * missing bundle fails the suite instead of skipping it.
 */
export function requireChromium(): SystemGate {
  const browser = requireSystem('chromium', CHROMIUM_PATH !== undefined, 'apt-get install chromium')
  if (!browser.available) return browser
  return requireSystem('renderer bundle (out/renderer)', existsSync(RENDERER_INDEX), 'npx electron-vite build')
}
