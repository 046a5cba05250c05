/**
 * Where the native modules' binaries are. Under plain Node (tests, CLI) node_modules holds the
 * Node-ABI builds; under Electron the postinstall step put Electron-ABI copies in
 * native/electron-<version>/ (scripts/native-electron.mjs). Returns undefined to mean "the default".
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function electronNativeBinding(appRoot: string, file: string): string | undefined {
  const electron = process.versions.electron
  if (!electron) return undefined
  const path = join(appRoot, 'native', `electron-${electron}`, file)
  return existsSync(path) ? path : undefined
}
