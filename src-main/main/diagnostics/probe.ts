/**
 * Collection of one node: build the probe, run it with ONE exec, parse the framed sections into NodeFacts
 * plus line-level detail. A probe cut off mid-output keeps the sections received; the rest are unreadable.
 */
import { randomBytes } from 'node:crypto'
import type { NodeRole } from '../../shared/domain/check'
import type { NodeFacts } from '../../shared/domain/run'
import type { SshExecutor } from '../ssh/executor'
import { shQuote } from '../shell/quote'
import { buildProbeScript, CFG_MAX_BYTES, probeLimitFor, sectionSources } from './probe-script'
import { firstLine, firstLines } from './parsers/hastatus'
import { maskSecrets } from './parsers/cfg'
import { maskNodeSecrets } from '../reports/node-secrets'
import { SECTION_PARSERS, type SectionParseState } from './probe-sections'
import { SECTION_NAMES, type CollectContext, type NodeCollection, type Section, type SectionName } from './types'

/**
 * Client-side bounds, whatever the node sends or claims: the whole probe output (the channel is closed at
 * this cap) and each section (a longer one is cut here and read as unreadable). The probe's own caps keep a
 * real node far below both (a cfg section is at most CFG_MAX_BYTES plus its size line).
 */
export const PROBE_MAX_BYTES = 8 * 1024 * 1024
export const SECTION_MAX_CHARS = 512 * 1024
const CFG_SECTION_MAX_CHARS = CFG_MAX_BYTES + 4096

/** The probe script for a node (a fresh nonce unless ctx.nonce is given). */
export function buildProbe(ctx: Pick<CollectContext, 'role' | 'paths' | 'nonce'>): string {
  return buildProbeScript({ role: ctx.role, paths: ctx.paths, nonce: ctx.nonce ?? newNonce() })
}

export function newNonce(): string {
  return randomBytes(8).toString('hex')
}

/** The exact command sent over SSH for a probe script. */
export function probeCommand(script: string): string {
  return `sh -c ${shQuote(script)}`
}

/** Split probe output into sections; a begin without an end is kept as truncated. */
export function parseSections(stdout: string, nonce: string, sources: Record<SectionName, string>): Map<SectionName, Section> {
  const out = new Map<SectionName, Section>()
  const mark = `@@NSMHAD-${nonce} `
  let pos = 0
  for (;;) {
    const b = stdout.indexOf(mark, pos)
    if (b < 0) break
    const eol = stdout.indexOf('\n', b)
    const header = stdout.slice(b + mark.length, eol < 0 ? undefined : eol)
    const hm = /^(\S+) begin@@$/.exec(header)
    if (!hm || eol < 0 || !(SECTION_NAMES as readonly string[]).includes(hm[1])) {
      pos = b + mark.length
      continue
    }
    const name = hm[1] as SectionName
    const endMark = `\n${mark}${name} end rc=`
    const e = stdout.indexOf(endMark, eol)
    const next = stdout.indexOf(mark, eol + 1)
    if (e < 0 || (next >= 0 && next < e + 1)) {
      const stop = next >= 0 ? next : stdout.length
      out.set(name, { name, source: sources[name], rc: null, text: stdout.slice(eol + 1, stop), truncated: true })
      pos = stop
      if (next < 0) break
      continue
    }
    const rcm = /^(\d+)@@/.exec(stdout.slice(e + endMark.length, e + endMark.length + 16))
    out.set(name, {
      name,
      source: sources[name],
      rc: rcm ? Number(rcm[1]) : null,
      text: stdout.slice(eol + 1, e),
      truncated: false
    })
    pos = e + endMark.length
  }
  return out
}

/** Run the probe on a node and parse it. Never throws for node-side problems: they become facts. */
export async function collectNode(exec: SshExecutor, ctx: CollectContext): Promise<NodeCollection> {
  const now = ctx.now ?? Date.now
  const nonce = ctx.nonce ?? newNonce()
  const timeoutMs = ctx.timeoutMs ?? 120_000
  // the probe's own limit ends it on the node (every process it started stopped, its temp dir removed) before this side gives up
  const script = buildProbeScript({ role: ctx.role, paths: ctx.paths, nonce, limitS: probeLimitFor(timeoutMs) })
  let stdout = ''
  let firstChunkAt: number | undefined
  const t0 = now()
  let failure: string | undefined
  let bytesIn: number | undefined
  try {
    const res = await exec.exec(probeCommand(script), {
      timeoutMs,
      signal: ctx.signal,
      // TERM, not KILL: the probe catches it and stops every process it started, then removes its temp dir
      cancelSignal: 'TERM',
      maxStdoutBytes: PROBE_MAX_BYTES,
      maxOutputBytes: PROBE_MAX_BYTES,
      onStdout: (chunk) => {
        if (firstChunkAt === undefined) firstChunkAt = now()
        stdout += chunk
      }
    })
    // executors may or may not stream; the result is authoritative when longer
    if (res.stdout.length >= stdout.length) stdout = res.stdout
    bytesIn = res.bytesIn
    if (res.cut) failure = `probe output cut: ${res.cut}; the sections after the cut are unreadable`
    else if (res.code === null) failure = `probe ended without an exit code${res.signal ? ` (signal ${res.signal})` : ''}`
    else if (res.code !== 0 && !stdout.includes(`@@NSMHAD-${nonce} viewer end`))
      failure = `probe exited ${res.code}: ${firstLine(res.stderr) || 'no output'}`
  } catch (err) {
    failure = `probe interrupted: ${(err as Error).message.split('\n')[0]}`
  }
  const t1 = firstChunkAt ?? now()
  const collection = parseProbeOutput(stdout, {
    ...ctx,
    nonce,
    localMidMs: (t0 + t1) / 2,
    hostKeySha256: safeHostKey(exec)
  })
  collection.facts.wireBytes = bytesIn ?? Buffer.byteLength(stdout)
  if (failure) collection.facts.error = collection.facts.error ? `${failure}; ${collection.facts.error}` : failure
  return collection
}

function safeHostKey(exec: SshExecutor): string | undefined {
  try {
    return exec.hostKeySha256 || undefined
  } catch {
    return undefined
  }
}

/** Parse the whole probe output of one node (pure; exported for tests and replays). */
export function parseProbeOutput(
  stdout: string,
  ctx: CollectContext & { nonce: string; localMidMs?: number; hostKeySha256?: string }
): NodeCollection {
  const sources = sectionSources(ctx.paths)
  const sections = parseSections(stdout, ctx.nonce, sources)
  const oversized: string[] = []
  for (const [name, sec] of sections) {
    const cap = name.startsWith('cfg.') ? CFG_SECTION_MAX_CHARS : SECTION_MAX_CHARS
    if (sec.text.length <= cap) continue
    oversized.push(`${name} (${Math.round(sec.text.length / 1024)} KiB)`)
    sections.set(name, { ...sec, text: sec.text.slice(0, cap), truncated: true })
  }
  const get = (n: SectionName) => {
    const s = sections.get(n)
    return s && !s.truncated ? s : undefined
  }
  const unreadable = SECTION_NAMES.filter((n) => !get(n))
  const facts: NodeFacts = {
    role: ctx.role,
    host: ctx.host,
    port: ctx.port,
    reachable: true,
    hostKeySha256: ctx.hostKeySha256,
    configs: {},
    tools: {},
    events: []
  }
  const collection: NodeCollection = { facts, detail: { sections: Object.fromEntries(sections), unreadable } }
  /** output no parser recognised: its first lines (secrets masked) go with the facts, for the support bundle */
  const unrecognised = (section: string, source: string, text: string): void => {
    ;(facts.unrecognised ??= []).push({ section, source, excerpt: firstLines(maskSecrets(text), 20) })
  }
  if (unreadable.length > 0) {
    facts.error =
      unreadable.length === SECTION_NAMES.length
        ? 'no probe output received'
        : `probe output incomplete: ${unreadable.length} of ${SECTION_NAMES.length} sections unreadable (${unreadable.slice(0, 4).join(', ')}${unreadable.length > 4 ? ', …' : ''})`
  }
  if (oversized.length > 0)
    facts.error = `${facts.error ? `${facts.error}; ` : ''}larger than the probe ever sends, cut by this program and not read: ${oversized.join(', ')}`

  const state: SectionParseState = { ctx, facts, detail: collection.detail, get, unrecognised }
  for (const parser of SECTION_PARSERS) parser.parse(state)
  // the secret values the node sent (HMAC key, one-time password, private keys): masked wherever they went
  return maskNodeSecrets(collection, sections.values(), [ctx.host, ...Object.values(sources)])
}

/** A node that could not be reached (or whose connection died before the probe): every fact unknown. */
export function unreachableNode(
  role: NodeRole,
  host: string,
  port: number,
  reason: string,
  hostKeyProblem?: NodeFacts['hostKeyProblem']
): NodeCollection {
  return {
    facts: {
      role,
      host,
      port,
      reachable: false,
      error: reason.split('\n')[0],
      ...(hostKeyProblem ? { hostKeyProblem } : {}),
      configs: {},
      tools: {},
      events: []
    },
    detail: { sections: {}, unreadable: [...SECTION_NAMES] }
  }
}
