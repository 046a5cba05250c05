/**
 * Where the app keeps its data. The CLI and the Electron app share one directory (Electron's userData
 * for an app named nsm-ha-doctor), so saved pairs and history are the same in both. No Electron import:
 * the directory is computed the way Electron computes appData.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_DIR_NAME = 'nsm-ha-doctor'

/** The data directory: $NSM_HA_DOCTOR_HOME, else the per-OS application data directory. */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.NSM_HA_DOCTOR_HOME
  if (override && override.trim() !== '') return override
  const home = env.HOME && env.HOME !== '' ? env.HOME : homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME)
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config')
  return join(config, APP_DIR_NAME)
}

/** The SQLite file inside the data directory. */
export function databaseFile(dir: string = dataDir()): string {
  return join(dir, 'nsm-ha-doctor.sqlite')
}

/** Log files of the app and CLI. */
export function logDir(dir: string = dataDir()): string {
  return join(dir, 'logs')
}

/**
 * Create `dir` (and its missing parents) readable by this user only (0700). An existing directory of this
 * user that others can read is narrowed to 0700 too, unless it is a shared sticky directory such as /tmp.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (process.platform === 'win32') return
  const st = statSync(dir)
  const mine = process.getuid === undefined || st.uid === process.getuid()
  if (mine && (st.mode & 0o077) !== 0 && (st.mode & 0o1000) === 0) chmodSync(dir, 0o700)
}
