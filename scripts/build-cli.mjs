// Bundles the command line (src-main/cli/index.ts) into out/cli/index.cjs for fast start-up.
// Native and SSH modules stay external and load from node_modules.
import { build } from 'esbuild'
import { renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Build out/cli/index.cjs (used by bin/nsm-ha-doctor.mjs when the bundle is stale). */
export async function buildCli({ quiet = false } = {}) {
  await build({
    entryPoints: [join(root, 'src-main/cli/index.ts')],
    // written beside the target and renamed: concurrent CLI starts never read a half-written bundle
    outfile: join(root, `out/cli/index.${process.pid}.tmp.cjs`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['better-sqlite3', 'keytar', 'ssh2', 'cpu-features', 'electron', 'playwright-core', 'fsevents'],
    logLevel: quiet ? 'error' : 'warning'
  })
  renameSync(join(root, `out/cli/index.${process.pid}.tmp.cjs`), join(root, 'out/cli/index.cjs'))
  if (!quiet) console.log('built out/cli/index.cjs')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildCli()
