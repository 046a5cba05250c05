/**
 * Simulated pairs saved in a temp store, as `pairs add` and the app's host-key dialog would leave them
 * (key auth, host keys pinned), for the commands that check the saved pairs (`check --all`,
 * `serve-metrics`). Also: the Prometheus text parsed by a real parser plus the format's own rules.
 */
import { join } from 'node:path'
import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import type { PairConfig } from '../../src-main/shared/domain/pair'
import type { ScenarioName } from '../../src-main/shared/domain/scenario'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { cli as runCli, type CliResult } from './helpers'

export const BIN = join(__dirname, '../../bin/nsm-ha-doctor.mjs')

export interface SavedSim {
  name: string
  tags: string[]
  scenario?: ScenarioName
  sim?: SimPair
}

/** Start one simulated pair per scenario and save each (plus `unreachable` ones) in the store of `home`. */
export async function saveFleet(home: string, specs: { name: string; tags: string[]; scenario?: ScenarioName }[]): Promise<SavedSim[]> {
  const out: SavedSim[] = []
  for (const spec of specs) out.push({ ...spec, ...(spec.scenario ? { sim: await startSimPair({ scenario: spec.scenario }) } : {}) })
  const store = await openAppStore({ dir: home, secretStore: new SessionSecretStore() })
  try {
    for (const s of out) {
      let pair: PairConfig
      if (s.sim) {
        const sim = s.sim
        const base = sim.pairConfig(s.name)
        pair = { ...base, tags: s.tags }
        for (const role of ['primary', 'secondary'] as const) {
          pair[role] = { ...pair[role], auth: 'key', identityFile: sim[role].clientKeyPath }
          store.hostKeys.pin(sim[role].host, sim[role].port, sim[role].hostKeySha256)
        }
      } else {
        // nothing listens on port 1 of loopback: the connection is refused at once
        const node = { host: '127.0.0.1', port: 1, user: 'root', auth: 'agent' as const, sudo: 'none' as const }
        pair = {
          name: s.name,
          primary: node,
          secondary: { ...node, host: '127.0.0.2' },
          paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' },
          tags: s.tags,
          notes: ''
        }
      }
      store.pairs.save(pair)
    }
  } finally {
    store.close()
  }
  return out
}

export async function stopFleet(fleet: readonly SavedSim[]): Promise<void> {
  await Promise.all(fleet.map((s) => s.sim?.stop()))
}

/** Run the CLI as a child process with the data dir `home` (async: the simulators live in this process). */
export function cli(args: string[], home: string): Promise<CliResult> {
  return runCli(args, { NSM_HA_DOCTOR_HOME: home, NO_COLOR: '1' })
}

export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

interface ParsedFamily {
  name: string
  help: string
  type: string
  metrics: { value: string; labels?: Record<string, string> }[]
}

/**
 * Parse exposition text with parse-prometheus-text-format, and hold it to the rules that parser lets
 * pass: one HELP and TYPE per family, before its samples; a family's samples together; valid names;
 * no timestamps (node_exporter's textfile collector refuses them); a final newline.
 */
export function parseExposition(text: string): Sample[] {
  if (text.length && !text.endsWith('\n')) throw new Error('exposition text must end with a newline')
  const families = parsePrometheusTextFormat(text) as ParsedFamily[]
  const seen = new Set<string>()
  let current = ''
  for (const raw of text.split('\n')) {
    if (!raw) continue
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(raw)
    if (meta) {
      if (meta[1] === 'HELP') {
        if (seen.has(meta[2])) throw new Error(`family ${meta[2]} described twice`)
        seen.add(meta[2])
        current = meta[2]
      } else if (meta[2] !== current || meta[3] !== 'gauge') throw new Error(`TYPE line out of place: ${raw}`)
      continue
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\} (\S+)$/.exec(raw)
    if (!sample) throw new Error(`not a sample line (or has a timestamp): ${raw}`)
    if (sample[1] !== current) throw new Error(`sample of ${sample[1]} outside its family block`)
  }
  return families.flatMap((f) => {
    if (f.type !== 'GAUGE') throw new Error(`${f.name}: type ${f.type}`)
    return f.metrics.map((m) => ({ name: f.name, labels: m.labels ?? {}, value: Number(m.value) }))
  })
}
