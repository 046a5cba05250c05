/**
 * nsm-ha-doctor command line: the same engine as the app, for cron, monitoring and scripts.
 * Each sub-command lives in commands/<name>.ts and exports `run(argv): Promise<number>` (the exit code).
 * Exit codes: 0 pass, 1 warn, 2 fail, 3 unknown or usage/connection error (one line on stderr).
 * Shared by every command: args.ts (parseArgs, UsageError, the one error line), pair-flags.ts (a pair
 * from --primary/--secondary/…, one set of defaults), store.ts (opening the data dir's store), runs.ts
 * (the RunService of the process: begin → run → save).
 */
import { errorLine } from './args'
import { terminalSafe } from './format/terminal'

type Command = (argv: string[]) => Promise<number>

const COMMANDS: Record<string, () => Promise<{ run: Command }>> = {
  check: () => import('./commands/check'),
  demo: () => import('./commands/demo'),
  pairs: () => import('./commands/pairs'),
  history: () => import('./commands/history'),
  fix: () => import('./commands/fix'),
  follow: () => import('./commands/follow'),
  'serve-metrics': () => import('./commands/serve-metrics'),
  ack: () => import('./commands/ack'),
  'probe-script': () => import('./commands/probe-script')
}

const USAGE = `usage: nsm-ha-doctor <command> [options]

commands:
  check --primary [user@]host[:port] --secondary [user@]host[:port] [options]
  check --pair NAME
  check --all [--tag T] [--concurrency N] [--format text|json|prometheus] [--honour-acks]
  check --from-files primary=FILE secondary=FILE [--name NAME] [--format …]
  ack --pair NAME --check ID --reason TEXT --for 7d|12h
  ack --list [--pair NAME] [--ended]
  ack --remove --pair NAME --check ID
  probe-script [--nsm-home DIR] [--nsm-data DIR] [--ha-init FILE]
  pairs list|add|remove
  history --pair NAME [--limit N] [--format text|json]
  fix FIX_ID --pair NAME [--dry-run] [--yes]
  follow --pair NAME [--interval SEC] [--timeout SEC] [--format bar|json]
  demo [--scenario NAME]
  serve-metrics [--listen HOST:PORT] [--interval SEC]

run "nsm-ha-doctor <command> --help" for the options of a command`

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE)
    return name ? 0 : 3
  }
  const load = COMMANDS[name]
  if (!load) {
    console.error(`nsm-ha-doctor: unknown command "${terminalSafe(name)}" (try --help)`)
    return 3
  }
  const command = await load()
  return command.run(rest)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`nsm-ha-doctor: ${terminalSafe(errorLine(error))}`)
    process.exitCode = 3
  }
)
