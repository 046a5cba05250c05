#!/usr/bin/env node
// Entry of the `nsm-ha-doctor` command. Runs the bundled CLI (out/cli/index.cjs, made by
// `npm run build:cli`) when it is newer than the sources, else the TypeScript sources through tsx,
// so a fresh `npm install` works without a build step.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const built = join(root, 'out', 'cli', 'index.cjs')
const sources = join(root, 'src-main')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs
    if (mtime > newest) newest = mtime
  }
  return newest
}

const useBuilt =
  existsSync(built) && (!existsSync(sources) || statSync(built).mtimeMs >= newestMtime(sources))
if (useBuilt) {
  require(built)
} else {
  require('tsx/cjs/api').register()
  require(join(sources, 'cli', 'index.ts'))
}
