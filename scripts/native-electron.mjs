// postinstall: build Electron-ABI copies of the native modules (better-sqlite3, keytar) into
// native/electron-<version>/, leaving node_modules with the plain-Node builds that `npm test` uses.
// The app loads the copy matching process.versions.electron (src-main/main/platform/native.ts), so
// neither side ever rebuilds the other's binary. See docs/native-modules.md.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const MODULES = [
  { name: 'better-sqlite3', file: 'better_sqlite3.node' },
  { name: 'keytar', file: 'keytar.node' }
]

function log(message) {
  console.log(`[native-electron] ${message}`)
}

const electronPkg = join(root, 'node_modules', 'electron', 'package.json')
if (!existsSync(electronPkg)) {
  log('electron is not installed; nothing to build')
  process.exit(0)
}
const version = JSON.parse(readFileSync(electronPkg, 'utf8')).version
const force = process.argv.includes('--force')
if (!force && (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(join(root, 'node_modules', 'electron', 'path.txt')))) {
  log(`no Electron binary here (ELECTRON_SKIP_BINARY_DOWNLOAD); skipping the Electron ${version} build of native modules`)
  process.exit(0)
}

const target = join(root, 'native', `electron-${version}`)
mkdirSync(target, { recursive: true })
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js')
let failed = 0
for (const mod of MODULES) {
  if (!force && existsSync(join(target, mod.file))) continue
  const work = join(root, '.native-build', mod.name)
  rmSync(work, { recursive: true, force: true })
  cpSync(join(root, 'node_modules', mod.name), work, {
    recursive: true,
    filter: (src) => !src.includes(`${mod.name}/build`)
  })
  log(`building ${mod.name} for Electron ${version}`)
  const result = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: 'inherit' }
  )
  if (result.status === 0 && existsSync(join(work, 'build', 'Release', mod.file))) {
    cpSync(join(work, 'build', 'Release', mod.file), join(target, mod.file))
    log(`${mod.name} → native/electron-${version}/${mod.file}`)
  } else {
    failed++
    log(`could not build ${mod.name} for Electron ${version}; run "npm run rebuild:electron" after fixing the toolchain`)
  }
}
rmSync(join(root, '.native-build'), { recursive: true, force: true })
if (failed) log(`${failed} module(s) not built for Electron: npm start will fail to open the database until they are`)
process.exit(0)
