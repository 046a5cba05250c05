// Bundles the command line (src-main/cli/index.ts) into out/cli/index.cjs for fast start-up.
// Native and SSH modules stay external and load from node_modules.
import { build } from 'esbuild'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
await build({
  entryPoints: [join(root, 'src-main/cli/index.ts')],
  outfile: join(root, 'out/cli/index.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['better-sqlite3', 'keytar', 'ssh2', 'cpu-features', 'electron'],
  logLevel: 'warning'
})
console.log('built out/cli/index.cjs')
