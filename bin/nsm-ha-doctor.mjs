#!/usr/bin/env node
// Entry of the `nsm-ha-doctor` command. Runs the bundled CLI (out/cli/index.cjs); when that bundle is
// missing or older than the sources it is rebuilt first (esbuild, ~0.2 s), so a fresh `npm install`
// works without a separate build step and a changed source is never run stale.
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

const stale = !existsSync(built) || (existsSync(sources) && statSync(built).mtimeMs < newestMtime(sources))
if (stale) {
  const { buildCli } = await import('../scripts/build-cli.mjs')
  await buildCli({ quiet: true })
}
require(built)
