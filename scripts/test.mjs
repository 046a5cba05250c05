// `npm test`: type-checks, lints and checks formatting (prettier), builds what the end-to-end tests load (renderer bundle, CLI
// bundle), then runs Vitest.
// Without a session bus (CI, a bare shell) it re-runs itself under `dbus-run-session` with an unlocked
// gnome-keyring, so keytar talks to a real Secret Service. Prints a closing "N passed, N failed" line.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}

// CI as CI systems set it: any value but empty, 0, false, no, off (test/helpers/system.ts isCi, same rule)
const ci = !['', '0', 'false', 'no', 'off'].includes((process.env.CI ?? '').trim().toLowerCase())
// In CI always use a private bus with a fresh unlocked keyring (an inherited bus may have no keyring).
const wantBus = !process.env.DBUS_SESSION_BUS_ADDRESS || ci
if (!process.env.NSM_TEST_UNDER_DBUS && wantBus && has('dbus-run-session') && has('gnome-keyring-daemon')) {
  const inner = `printf 'test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec node ${JSON.stringify(join(root, 'scripts/test.mjs'))} ${args.map((a) => JSON.stringify(a)).join(' ')}`
  const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], {
    stdio: 'inherit',
    env: { ...process.env, NSM_TEST_UNDER_DBUS: '1' }
  })
  process.exit(r.status ?? 1)
}

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, env: process.env })
  return r.status ?? 1
}

if (!args.includes('--no-build')) {
  // strict types (main, CLI, tests; renderer via svelte-check) and lint are part of the suite
  if (run('npm', ['run', '--silent', 'typecheck']) !== 0) process.exit(1)
  if (run('npm', ['run', '--silent', 'lint']) !== 0) process.exit(1)
  if (run('npx', ['prettier', '--check', '.']) !== 0) process.exit(1)
  if (run('npx', ['electron-vite', 'build']) !== 0) process.exit(1)
  if (run('node', ['scripts/build-cli.mjs']) !== 0) process.exit(1)
}
mkdirSync(join(root, '.tmp'), { recursive: true })
const report = join(root, '.tmp', 'vitest-report.json')
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...args.filter((a) => a !== '--no-build')
])
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
}
process.exit(status)
