/**
 * Gate for tests that need a system component (sshd, chromium, Secret Service): on a laptop without it
 * the suite skips with a one-line reason; in CI (CI=true) a missing component is a failure.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export interface SystemGate {
  available: boolean
  reason: string
}

/** Returns a gate; throws in CI when the component is missing so the suite fails loudly. */
export function requireSystem(name: string, available: boolean, hint: string): SystemGate {
  if (available) return { available, reason: '' }
  const reason = `${name} not available: ${hint}`
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`)
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
