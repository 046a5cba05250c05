/**
 * `nsm-ha-doctor probe-script [--role primary|secondary] [--nsm-home DIR] [--nsm-data DIR] [--ha-init FILE]`:
 * print the exact probe the engine runs on a node, as one POSIX sh script to copy to the node and run
 * (`sh probe.sh > primary.txt`), read-only as always. Its first output line identifies the probe version,
 * the node's role and the paths, so `check --from-files` can tell its output from anything else.
 */
import { hasControl } from '../../shared/plain-text'
import { DEFAULT_NSM_PATHS, type NsmPaths } from '../../shared/domain/pair'
import { fail, HELP_OPTION, parseCommand, UsageError } from '../args'

const USAGE = `usage: nsm-ha-doctor probe-script [--role primary|secondary] [--nsm-home DIR] [--nsm-data DIR] [--ha-init FILE]

Prints the probe as one POSIX sh script. Run it on each node and keep the output, e.g.
  nsm-ha-doctor probe-script > probe.sh                    (the primary's)
  nsm-ha-doctor probe-script --role secondary > probe2.sh  (the secondary's)
  sh probe.sh > primary.txt        (on the primary, as the NSM administrator)
  nsm-ha-doctor check --from-files primary=primary.txt secondary=secondary.txt

  --role primary|secondary   the node the script is for (default primary)
  --nsm-home DIR             NSM install root (default ${DEFAULT_NSM_PATHS.nsmHome})
  --nsm-data DIR             NSM data root (default ${DEFAULT_NSM_PATHS.nsmData})
  --ha-init FILE             HA init script (default ${DEFAULT_NSM_PATHS.haInit})`

const OPTIONS = {
  role: { type: 'string' },
  'nsm-home': { type: 'string' },
  'nsm-data': { type: 'string' },
  'ha-init': { type: 'string' },
  ...HELP_OPTION
} as const

function absolute(value: string | undefined, flag: string, fallback: string): string {
  if (value === undefined) return fallback
  if (!value.startsWith('/') || hasControl(value) || value.length > 1024)
    throw new UsageError(`--${flag} must be an absolute path without control characters`)
  return value
}

export async function run(argv: string[]): Promise<number> {
  try {
    const f = parseCommand({ args: argv, options: OPTIONS }).values
    if (f.help) {
      console.log(USAGE)
      return 0
    }
    const role = f.role ?? 'primary'
    if (role !== 'primary' && role !== 'secondary') throw new UsageError(`--role must be primary or secondary (got "${role.slice(0, 40)}")`)
    const paths: NsmPaths = {
      nsmHome: absolute(f['nsm-home'], 'nsm-home', DEFAULT_NSM_PATHS.nsmHome),
      nsmData: absolute(f['nsm-data'], 'nsm-data', DEFAULT_NSM_PATHS.nsmData),
      haInit: absolute(f['ha-init'], 'ha-init', DEFAULT_NSM_PATHS.haInit)
    }
    const { offlineProbeScript } = await import('../../main/offline/collected')
    process.stdout.write(offlineProbeScript({ role, paths }))
    return 0
  } catch (err) {
    return fail('probe-script', err, USAGE)
  }
}
