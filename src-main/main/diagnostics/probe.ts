/**
 * Collection of one node: build the probe, run it with ONE exec, parse the framed sections into NodeFacts
 * plus line-level detail. A probe cut off mid-output keeps the sections received; the rest are unreadable.
 */
import { randomBytes } from 'node:crypto'
import type { NodeRole } from '../../shared/domain/check'
import type { ConfigName, NodeFacts } from '../../shared/domain/run'
import type { SshExecutor } from '../ssh/executor'
import { shQuote } from '../shell/quote'
import { buildProbeScript, CFG_MAX_BYTES, probeLimitFor, sectionSources } from './probe-script'
import { parseCfg } from './parsers/cfg'
import { parseDrift } from './parsers/drift'
import { parseGuiLog } from './parsers/guilog'
import { addRotatedGuiLogs } from './parsers/guilog-rotated'
import { parseHaLog } from './parsers/halog'
import { firstLine, firstLines, parseHaStatus } from './parsers/hastatus'
import { maskSecrets } from './parsers/cfg'
import { maskNodeSecrets } from '../reports/node-secrets'
import {
  keyValues,
  parseAddresses,
  parseCountBytes,
  parseDf,
  parseDoDirect,
  parseIdentity,
  parseLogListing,
  parseToolVersion,
  parseVersion,
  parseViewerRecord
} from './parsers/system'
import { SECTION_NAMES, type CollectContext, type NodeCollection, type Section, type SectionName } from './types'

/** exit code of a section whose output hit its byte cap (the writer got SIGPIPE from head) */
const CUT_RC = 141

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
  const d = collection.detail
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

  const identity = get('identity')
  if (identity) {
    const id = parseIdentity(identity.text)
    facts.loginUser = id.user
    facts.hostname = id.hostname
    d.uid = id.uid
    if (id.clockMs !== undefined) {
      facts.clockMs = id.clockMs
      // `date +%s` floors: the node's instant is on average half a second later
      if (ctx.localMidMs !== undefined) facts.clockOffsetMs = Math.round(id.clockMs + 500 - ctx.localMidMs)
    }
  }
  const time = { clockOffsetMs: facts.clockOffsetMs ?? 0, nodeNowMs: facts.clockMs }

  const cfgs: [SectionName, ConfigName][] = [
    ['cfg.haSvr', 'haSvr.cfg'],
    ['cfg.guiSvr', 'guiSvr.cfg'],
    ['cfg.devSvr', 'devSvr.cfg']
  ]
  for (const [sec, name] of cfgs) {
    const s = get(sec)
    if (!s) continue
    if (s.rc !== 0) {
      const timedOut = s.text.split('\n').find((l) => l.startsWith('timed out reading'))
      facts.configs[name] = {
        path: s.source,
        entries: [],
        duplicates: [],
        redactedText: '',
        error: timedOut ?? (firstLine(s.text) || `rc=${s.rc}`)
      }
      continue
    }
    const m = /^size=(\d{1,20})\n/.exec(s.text)
    const sent = m ? s.text.slice(m[0].length) : s.text
    // the node's size line is only a claim: what is read is cut at the probe's own cap either way
    const body = sent.length > CFG_MAX_BYTES ? sent.slice(0, CFG_MAX_BYTES) : sent
    const file = parseCfg(body, s.source, ctx.salt)
    if (m && Number(m[1]) > CFG_MAX_BYTES) file.error = `file is ${m[1]} bytes; only the first 256 KiB were read`
    else if (sent.length > CFG_MAX_BYTES)
      file.error = `the node sent more than 256 KiB for this file (its size line says ${m ? m[1] : 'nothing'}); only the first 256 KiB were read`
    // none of the file's own keys (highAvail.* / guiSvr.* / devSvr.*): a format we do not read, never "not set"
    const prefix = CFG_KEY_PREFIX[name]
    if (!file.entries.some((e) => e.key.toLowerCase().startsWith(prefix))) {
      file.error = `not recognised: no ${CFG_KEY_SHOWN[name]}.* setting in ${Number(m?.[1] ?? body.length)} bytes`
      file.unrecognised = true
      unrecognised(sec, s.source, file.redactedText)
    }
    facts.configs[name] = file
  }

  const hs = get('hastatus')
  if (hs) {
    facts.haStatus = parseHaStatus(hs.text, hs.rc)
    d.localState = facts.haStatus.local?.state
    if (!facts.haStatus.recognised && hs.text.trim()) unrecognised('hastatus', hs.source, hs.text)
  }
  const init = get('init-status')
  if (init) d.initStatus = { source: init.source, rc: init.rc, output: init.text.trim() }
  const ps = get('ps')
  if (ps)
    d.ps = { source: ps.source, rc: ps.rc, output: ps.text.trim(), lines: ps.rc === 0 ? ps.text.split('\n').filter((l) => l.trim()) : [] }
  const ver = get('version')
  if (ver && ver.rc === 0) facts.nsmVersion = parseVersion(ver.text)

  const sshV = get('ssh-version')
  if (sshV) {
    d.sshVersion = { source: sshV.source, rc: sshV.rc, output: sshV.text.trim() }
    if (sshV.rc === 0) facts.tools.ssh = parseToolVersion(sshV.text)
  }
  const rsV = get('rsync-version')
  if (rsV) {
    d.rsyncVersion = { source: rsV.source, rc: rsV.rc, output: rsV.text.trim() }
    if (rsV.rc === 0) facts.tools.rsync = parseToolVersion(rsV.text)
  }
  const addrs = get('addresses')
  if (addrs && (addrs.rc === 0 || addrs.rc === CUT_RC)) d.addresses = parseAddresses(addrs.text, addrs.source)

  const pw = get('passwd')
  if (pw) {
    const kv = keyValues(pw.text)
    const entry = pw.text.split('\n').find((l) => /^[^:\s]+:[^:]*:\d+:\d+:/.test(l))
    d.passwd = {
      source: kv.user ? `getent passwd ${kv.user}` : pw.source,
      rc: pw.rc,
      output: pw.text.trim(),
      entry,
      skipped: skipReason(pw.text)
    }
  }
  const ping = get('ping')
  if (ping) {
    const target = keyValues(ping.text).target
    d.ping = {
      source: target ? `ping -c 1 -W 2 ${target}` : ping.source,
      rc: ping.rc,
      output: ping.text.replace(/^target=.*\n/, '').trim(),
      target,
      skipped: skipReason(ping.text)
    }
  }
  const trust = get('trust')
  if (trust) {
    const kv = keyValues(trust.text)
    const output = trust.text.replace(/^(user|peer)=.*\n/gm, '').trim()
    d.trust = {
      source: kv.user ? `ssh -o BatchMode=yes -o ConnectTimeout=10 ${kv.user}@${kv.peer} true (as ${kv.user})` : trust.source,
      rc: trust.rc,
      output,
      user: kv.user,
      peer: kv.peer,
      skipped: skipReason(trust.text)
    }
  }
  const dd = get('dodirect')
  if (dd) {
    const present = dd.rc === 0
    d.dodirect = { source: dd.source, present, ...(present ? parseDoDirect(dd.text) : { error: firstLine(dd.text) || `exit ${dd.rc}` }) }
  }
  const hl = get('halog')
  if (hl) {
    d.haLog = parseHaLog(hl.text, { node: ctx.role, source: hl.source, time })
    if (d.haLog.unrecognised) unrecognised('halog', d.haLog.source, d.haLog.unrecognised.join('\n'))
    facts.events.push(...d.haLog.events)
  }
  const gl = get('guilog')
  if (gl) {
    d.guiLog = parseGuiLog(gl.text, { node: ctx.role, source: gl.source, time })
    if (d.guiLog.unrecognised) unrecognised('guilog', d.guiLog.source, d.guiLog.unrecognised.join('\n'))
    // the last start read back from rotated files when guiDaemon.0 holds none (A-21)
    const gr = get('guilog-rotated')
    if (gr) addRotatedGuiLogs(d.guiLog, gr.text, { node: ctx.role, time })
    facts.events.push(...d.guiLog.events)
  }

  const xd = get('xdb-data')
  const xl = get('xdb-log')
  const xi = get('xdb-init')
  if (xd || xl || xi) {
    const data = xd && xd.rc === 0 ? parseCountBytes(xd.text) : undefined
    const initFiles = xi && xi.rc === 0 ? parseCountBytes(xi.text) : undefined
    const notRecognised = [xd, xl, xi].filter((s): s is Section => !!s && s.text.startsWith('not recognised'))
    for (const s of notRecognised) unrecognised(s.name, s.source, s.text)
    const errors = [xd, xl, xi]
      .filter((s) => s && ((s.rc !== 0 && s.rc !== CUT_RC) || s.text.startsWith('not recognised')))
      .map((s) => firstLine(s!.text))
    facts.xdb = {
      dataFiles: data?.count ?? 0,
      dataBytes: data?.bytes ?? 0,
      logFiles: xl && (xl.rc === 0 || xl.rc === CUT_RC) ? parseLogListing(xl.text) : [],
      initFiles: initFiles?.count ?? 0,
      ...(errors.length > 0 || !xd || !xl ? { error: errors.join('; ') || 'xdb listing unreadable' } : {})
    }
  }
  const df = get('df')
  if (df && df.rc === 0) facts.disk = parseDf(df.text)

  const sd = get('shared-disk')
  if (sd) {
    const kv = keyValues(sd.text)
    d.sharedDisk = {
      source: sd.source,
      rc: sd.rc,
      output: sd.text.replace(/^(device|mount)=.*\n/gm, '').trim(),
      mountPoint: kv.mount,
      mounted: sd.rc === 0 && !skipReason(sd.text),
      skipped: skipReason(sd.text)
    }
  }
  const dr = get('drift')
  if (dr) d.drift = parseDrift(dr.text, dr.rc)
  const vw = get('viewer')
  if (vw) {
    const skipped = skipReason(vw.text)
    const parsed = skipped || vw.rc !== 0 ? { notFound: false } : parseViewerRecord(vw.text, ctx.salt)
    // the raw viewer text holds the one-time password: keep only the parsed, fingerprinted record
    const masked = maskSecrets(vw.text)
    const notRecognised = !skipped && vw.rc === 0 && !parsed.record && !parsed.notFound && vw.text.trim() !== ''
    d.viewer = {
      source: vw.source,
      rc: vw.rc,
      output: skipped ? '' : firstLine(masked),
      skipped,
      ...parsed,
      ...(notRecognised ? { unrecognised: firstLines(masked) } : {})
    }
    if (notRecognised) unrecognised('viewer', vw.source, masked)
    const sec = d.sections.viewer
    if (sec) d.sections.viewer = { ...sec, text: '[viewer output parsed; secrets removed]' }
  }
  // raw config sections hold secrets: keep only the redacted text
  for (const [sec, name] of cfgs) {
    const s = d.sections[sec]
    if (s) d.sections[sec] = { ...s, text: facts.configs[name]?.redactedText ?? '' }
  }
  // the secret values the node sent (HMAC key, one-time password, private keys): masked wherever they went
  return maskNodeSecrets(collection, sections.values(), [ctx.host, ...Object.values(sources)])
}

/** the key prefix every setting of an NSM config file starts with */
const CFG_KEY_PREFIX: Record<ConfigName, string> = { 'haSvr.cfg': 'highavail.', 'guiSvr.cfg': 'guisvr.', 'devSvr.cfg': 'devsvr.' }
const CFG_KEY_SHOWN: Record<ConfigName, string> = { 'haSvr.cfg': 'highAvail', 'guiSvr.cfg': 'guiSvr', 'devSvr.cfg': 'devSvr' }

function skipReason(text: string): string | undefined {
  const m = /^@skip (.*)$/m.exec(text)
  return m ? m[1].trim() : undefined
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
