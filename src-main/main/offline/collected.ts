/**
 * Analysis of probe output collected by hand, for sites where this machine cannot reach the NSM servers
 * (or a support engineer receives two files): `nsm-ha-doctor probe-script` prints the engine's own probe
 * (buildProbeScript, unchanged) as one POSIX sh file behind a one-line header; the admin runs it on each
 * node (`sh probe.sh > node-a.txt`); `check --from-files` / "Import collected output" parse both files with
 * the live parser and evaluate the same checks. Checks that need this machine itself (reachability and host
 * keys, clock skew against the local clock) are `skipped` "collected offline". A file that is not a probe
 * output, comes from another probe version, is cut short or is too large gets a one-line reason.
 */
import { plainLine } from '../../shared/plain-text'
import { createHash, randomBytes } from 'node:crypto'
import { countStatuses, type CheckId, type CheckResult, type NodeRole } from '../../shared/domain/check'
import { DEFAULT_NSM_PATHS, type NsmPaths } from '../../shared/domain/pair'
import { worstStatus, type NodeFacts, type RunReport } from '../../shared/domain/run'
import { buildProbeScript } from '../diagnostics/probe-script'
import { evaluatePair, parseProbeOutput, type NodeCollection } from '../diagnostics'
import { PROBE_MAX_BYTES } from '../diagnostics/probe'

/** The header line the script prints first: `@@NSMHAD-OFFLINE probe=… role=… nonce=… home=… data=… init=…@@`. */
const HEADER =
  /^@@NSMHAD-OFFLINE probe=([0-9a-f]{12}) role=(primary|secondary) nonce=([A-Za-z0-9]{4,64}) home=([A-Za-z0-9_-]*) data=([A-Za-z0-9_-]*) init=([A-Za-z0-9_-]*)@@$/
/** The checks that need this machine itself: they cannot be decided from collected output. */
export const CLIENT_CHECKS: readonly CheckId[] = ['sys.reachable', 'sys.clock-skew']
/** A collected file is at most what the live probe may send. */
export const COLLECTED_MAX_BYTES = PROBE_MAX_BYTES + 4096

/** One line: why a collected file cannot be analysed. */
export class CollectedFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CollectedFileError'
  }
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url')
const unb64 = (s: string): string => Buffer.from(s, 'base64url').toString('utf8')

/** The version of the probe this build runs: a digest of its script for fixed inputs (changes with the probe). */
export function probeVersion(): string {
  const canonical = buildProbeScript({ role: 'primary', paths: DEFAULT_NSM_PATHS, nonce: 'probeversion0' })
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12)
}

/** The probe of one node as a file to copy and run: the header line, then exactly the engine's script. */
export function offlineProbeScript(o: { role: NodeRole; paths: NsmPaths; nonce?: string }): string {
  const nonce = o.nonce ?? randomBytes(8).toString('hex')
  const script = buildProbeScript({ role: o.role, paths: o.paths, nonce })
  const header = `@@NSMHAD-OFFLINE probe=${probeVersion()} role=${o.role} nonce=${nonce} home=${b64(o.paths.nsmHome)} data=${b64(o.paths.nsmData)} init=${b64(o.paths.haInit)}@@`
  return [
    '#!/bin/sh',
    `# NSM HA Doctor probe ${probeVersion()} for the ${o.role} node: read-only, leaves no file or process behind.`,
    `# Run it on the ${o.role} as the NSM administrator and keep its output:  sh probe.sh > ${o.role}.txt`,
    `# Then: nsm-ha-doctor check --from-files primary=primary.txt secondary=secondary.txt`,
    `printf '%s\\n' '${header}'`,
    script,
    ''
  ].join('\n')
}

export interface CollectedFile {
  /** the name shown and stored (no directory) */
  name: string
  bytes: Uint8Array
}

export interface ParsedCollected {
  role: NodeRole
  nonce: string
  paths: NsmPaths
  stdout: string
  sha256: string
}

/** Read the header and check the file as a whole; throws CollectedFileError with one line. */
export function parseCollected(file: CollectedFile, expected: NodeRole): ParsedCollected {
  const label = `${expected} file ${plainLine(file.name).slice(0, 80)}`
  if (file.bytes.length === 0) throw new CollectedFileError(`${label}: empty, not a probe output`)
  if (file.bytes.length > COLLECTED_MAX_BYTES)
    throw new CollectedFileError(
      `${label}: ${file.bytes.length} bytes, more than a probe sends (${COLLECTED_MAX_BYTES}): not a probe output`
    )
  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  const text = Buffer.from(file.bytes).toString('utf8')
  const firstEnd = text.indexOf('\n')
  const first = (firstEnd < 0 ? text : text.slice(0, firstEnd)).replace(/\r$/, '')
  const m = HEADER.exec(first)
  if (!m) {
    if (/^@@NSMHAD-OFFLINE /.test(first)) throw new CollectedFileError(`${label}: its header line is damaged or from another probe version`)
    if (first.startsWith('#!/bin/sh'))
      throw new CollectedFileError(`${label}: this is the probe script itself, not its output (run it: sh probe.sh > node.txt)`)
    throw new CollectedFileError(`${label}: not a probe output (no NSM HA Doctor header on its first line)`)
  }
  const [, version, role, nonce, home, data, init] = m
  if (version !== probeVersion())
    throw new CollectedFileError(
      `${label}: collected by another probe version (${version}; this version runs ${probeVersion()}): print the probe again with this version`
    )
  if (role !== expected) throw new CollectedFileError(`${label}: collected with the ${role}'s probe, given as ${expected}=`)
  const paths: NsmPaths = { nsmHome: unb64(home), nsmData: unb64(data), haInit: unb64(init) }
  const stdout = text.slice(firstEnd + 1).replace(/\r\n/g, '\n')
  if (!stdout.includes(`@@NSMHAD-${nonce} viewer end rc=`)) {
    const sections = [...stdout.matchAll(new RegExp(`@@NSMHAD-${nonce} (\\S+) begin@@`, 'g'))].map((x) => x[1])
    throw new CollectedFileError(
      sections.length
        ? `${label}: cut short after ${sections.length} sections (last: ${sections[sections.length - 1].slice(0, 40)}), the probe did not finish`
        : `${label}: cut short: no section after the header`
    )
  }
  return { role: role as NodeRole, nonce, paths, stdout, sha256 }
}

export interface OfflineInput {
  primary: CollectedFile
  secondary: CollectedFile
  /** the name the run is kept under (default: "offline <primary hostname> / <secondary hostname>") */
  pairName?: string
  by?: string
  now?: () => number
  previous?: RunReport
}

function offlineResult(r: CheckResult, files: Record<NodeRole, { name: string; sha256: string }>): CheckResult {
  return {
    ...r,
    status: 'skipped',
    summary: 'collected offline: this check needs a live connection from this machine',
    evidence: (['primary', 'secondary'] as const).map((role) => ({
      node: role,
      source: files[role].name,
      excerpt: `collected offline, SHA-256 ${files[role].sha256}`
    }))
  }
}

/** Evaluate every check on two collected files; the report is marked collected offline (per node: file, SHA-256). */
export function analyseCollected(input: OfflineInput): RunReport {
  const now = input.now ?? Date.now
  const startedAt = new Date(now()).toISOString()
  const p = parseCollected(input.primary, 'primary')
  const s = parseCollected(input.secondary, 'secondary')
  if (p.paths.nsmHome !== s.paths.nsmHome || p.paths.nsmData !== s.paths.nsmData || p.paths.haInit !== s.paths.haInit)
    throw new CollectedFileError(
      'the two files were collected with different --nsm-home / --nsm-data / --ha-init: print the probe once for both nodes'
    )
  const salt = randomBytes(12).toString('hex')
  const collect = (x: ParsedCollected, f: CollectedFile): NodeCollection => {
    const c = parseProbeOutput(x.stdout, { role: x.role, host: f.name, port: 0, paths: x.paths, salt, nonce: x.nonce })
    const facts: NodeFacts = {
      ...c.facts,
      // node data names the node in an offline run: one plain line, bounded
      host: plainLine(c.facts.hostname ?? f.name).slice(0, 255),
      collected: { offline: true, file: f.name, sha256: x.sha256, bytes: f.bytes.length, probe: probeVersion() }
    }
    return { ...c, facts }
  }
  const primary = collect(p, input.primary)
  const secondary = collect(s, input.secondary)
  const files = { primary: { name: input.primary.name, sha256: p.sha256 }, secondary: { name: input.secondary.name, sha256: s.sha256 } }
  const checks = evaluatePair(primary, secondary, { salt, now: now(), previous: input.previous }).map((r) =>
    CLIENT_CHECKS.includes(r.id) ? offlineResult(r, files) : r
  )
  const node = (f: NodeFacts) => ({ host: f.host, port: 0, user: f.loginUser ?? '' })
  return {
    schema: 1,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    state: 'completed',
    ...(input.by ? { by: input.by } : {}),
    pair: {
      name: input.pairName ?? `offline ${primary.facts.host} / ${secondary.facts.host}`,
      primary: node(primary.facts),
      secondary: node(secondary.facts),
      paths: p.paths
    },
    nodes: { primary: primary.facts, secondary: secondary.facts },
    checks,
    summary: countStatuses(checks),
    verdict: worstStatus(checks.map((c) => c.status))
  }
}

/** Was this run analysed from collected files? */
export function isCollectedOffline(report: Pick<RunReport, 'nodes'>): boolean {
  return report.nodes.primary.collected?.offline === true && report.nodes.secondary.collected?.offline === true
}
