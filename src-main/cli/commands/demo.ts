/**
 * `nsm-ha-doctor demo [--scenario NAME] [--variant NAME] [--dir DIR] [--openssh]`: start a simulated NSM HA pair on
 * loopback, print how to reach it (and the exact check command), run until interrupted.
 */
import { isScenarioName, SCENARIO_SPECS, SCENARIOS, type ScenarioName } from '../../shared/domain/scenario'
import type { SimPair } from '../../simulator'
import { DEFAULT_VARIANT, isSimVariant, SIM_VARIANTS } from '../../simulator/variants'
import { fail, HELP_OPTION, parseCommand, UsageError } from '../args'

const HELP = `usage: nsm-ha-doctor demo [--scenario NAME] [--variant NAME] [--dir DIR] [--openssh]

Starts a simulated NSM HA pair (two nodes over real SSH on loopback) and prints how to reach it.
  --scenario NAME  one of: ${SCENARIOS.join(', ')}
  --variant NAME   the format the nodes print in (docs/nsm-formats.md, "Format variants"), one of:
                   ${SIM_VARIANTS.join(', ')} (default ${DEFAULT_VARIANT})
  --dir DIR        keep the node trees in DIR (default: a temp dir removed on exit)
  --openssh        serve the nodes with OpenSSH sshd instead of the embedded server`

/** The lines printed for a running pair (exported for tests and the app's demo panel). */
export function describeDemo(pair: SimPair): string[] {
  const p = pair.primary
  const s = pair.secondary
  const auth = p.password ? `--password-env NSM_DEMO_PASSWORD` : `--identity ${p.clientKeyPath}`
  const lines = [
    `NSM HA demo pair — scenario "${pair.scenario}": ${SCENARIO_SPECS[pair.scenario].description}`,
    pair.variant !== DEFAULT_VARIANT ? `  format variant: ${pair.variant}` : '',
    '',
    `  primary    ${p.user}@${p.host}:${p.port}   host key ${p.hostKeySha256}`,
    `  secondary  ${s.user}@${s.host}:${s.port}   host key ${s.hostKeySha256}`,
    p.password
      ? `  password   ${p.password}   (random, new for each start; or key ${p.clientKeyPath})`
      : `  key        ${p.clientKeyPath}   (generated for this start)`,
    `  NSM roots  --nsm-home ${p.nsmHome} --nsm-data ${p.nsmData} --ha-init ${p.haInit}`,
    '',
    'Check it:',
    p.password ? `  export NSM_DEMO_PASSWORD=${p.password}` : '',
    `  nsm-ha-doctor check --primary ${p.user}@${p.host}:${p.port} --secondary ${s.user}@${s.host}:${s.port} ${auth} --nsm-home ${p.nsmHome} --nsm-data ${p.nsmData} --ha-init ${p.haInit} --accept-new-host-keys`,
    '',
    'Log in to a node:',
    `  ssh -p ${p.port} ${p.user}@${p.host}`,
    '',
    'Press Ctrl-C to stop the pair.'
  ]
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '')
}

export async function run(argv: string[]): Promise<number> {
  let values: { scenario?: string; variant?: string; dir?: string; openssh?: boolean; help?: boolean }
  try {
    values = parseCommand({
      args: argv,
      options: {
        scenario: { type: 'string' },
        variant: { type: 'string' },
        dir: { type: 'string' },
        openssh: { type: 'boolean' },
        ...HELP_OPTION
      }
    }).values
  } catch (e) {
    return fail('demo', e)
  }
  if (values.help) {
    console.log(HELP)
    return 0
  }
  const scenario = values.scenario ?? 'healthy'
  if (!isScenarioName(scenario)) return fail('demo', new UsageError(`unknown scenario "${scenario}" (valid: ${SCENARIOS.join(', ')})`))
  const variant = values.variant ?? DEFAULT_VARIANT
  if (!isSimVariant(variant)) return fail('demo', new UsageError(`unknown variant "${variant}" (valid: ${SIM_VARIANTS.join(', ')})`))
  const pair = values.openssh
    ? await (await import('../../simulator/openssh')).startOpenSshPair({ scenario: scenario as ScenarioName, variant, dir: values.dir })
    : await (await import('../../simulator')).startSimPair({ scenario: scenario as ScenarioName, variant, dir: values.dir })
  console.log(describeDemo(pair).join('\n'))
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await pair.stop()
  console.error('demo pair stopped')
  return 0
}
