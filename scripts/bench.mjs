#!/usr/bin/env node
// `npm run bench`: runs bench/index.ts under tsx and prints one table (see BENCHMARKS.md).
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'index.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit'
})
process.exit(r.status ?? 1)
