/**
 * The probe's sections, each turned into facts by its own parser: SECTION_PARSERS is the table parseProbeOutput
 * runs in order (identity first: the node's clock places every log time after it). A parser reads only the
 * sections it names, received whole (a cut one is `undefined`), and writes the node's facts and detail.
 */
import type { ConfigName, NodeFacts } from '../../shared/domain/run'
import { CFG_MAX_BYTES } from './probe-script'
import { maskSecrets, parseCfg } from './parsers/cfg'
import { parseDrift } from './parsers/drift'
import { parseGuiLog } from './parsers/guilog'
import { addRotatedGuiLogs } from './parsers/guilog-rotated'
import { parseHaLog } from './parsers/halog'
import { firstLine, firstLines, parseHaStatus } from './parsers/hastatus'
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
import type { TimeContext } from './parsers/time'
import type { CollectContext, NodeDetail, Section, SectionName } from './types'

/** exit code of a section whose output hit its byte cap (the writer got SIGPIPE from head) */
export const CUT_RC = 141

/** What a section parser reads and writes. */
export interface SectionParseState {
  ctx: CollectContext & { localMidMs?: number }
  facts: NodeFacts
  detail: NodeDetail
  /** a section received whole (undefined when absent or cut off) */
  get(name: SectionName): Section | undefined
  /** output no parser recognised: its first lines (secrets masked) go with the facts, for the support bundle */
  unrecognised(section: string, source: string, text: string): void
}

export interface SectionParser {
  /** the sections it reads (documentation and the test that every section has a parser) */
  sections: readonly SectionName[]
  parse(s: SectionParseState): void
}

/** the node's clock as the identity section gave it (log times are placed with it) */
function timeOf(facts: NodeFacts): TimeContext {
  return { clockOffsetMs: facts.clockOffsetMs ?? 0, nodeNowMs: facts.clockMs }
}

function skipReason(text: string): string | undefined {
  const m = /^@skip (.*)$/m.exec(text)
  return m ? m[1].trim() : undefined
}

/** the key prefix every setting of an NSM config file starts with */
const CFG_KEY_PREFIX: Record<ConfigName, string> = { 'haSvr.cfg': 'highavail.', 'guiSvr.cfg': 'guisvr.', 'devSvr.cfg': 'devsvr.' }
const CFG_KEY_SHOWN: Record<ConfigName, string> = { 'haSvr.cfg': 'highAvail', 'guiSvr.cfg': 'guiSvr', 'devSvr.cfg': 'devSvr' }

const identity: SectionParser = {
  sections: ['identity'],
  parse({ get, facts, detail, ctx }) {
    const s = get('identity')
    if (!s) return
    const id = parseIdentity(s.text)
    facts.loginUser = id.user
    facts.hostname = id.hostname
    detail.uid = id.uid
    if (id.clockMs !== undefined) {
      facts.clockMs = id.clockMs
      // `date +%s` floors: the node's instant is on average half a second later
      if (ctx.localMidMs !== undefined) facts.clockOffsetMs = Math.round(id.clockMs + 500 - ctx.localMidMs)
    }
  }
}

/** one config file; its raw section (secrets) is replaced by the redacted text, whether it was read or not */
function config(sec: SectionName, name: ConfigName): SectionParser {
  return {
    sections: [sec],
    parse({ get, facts, detail, ctx, unrecognised }) {
      const s = get(sec)
      if (s && s.rc !== 0) {
        const timedOut = s.text.split('\n').find((l) => l.startsWith('timed out reading'))
        facts.configs[name] = {
          path: s.source,
          entries: [],
          duplicates: [],
          redactedText: '',
          error: timedOut ?? (firstLine(s.text) || `rc=${s.rc}`)
        }
      } else if (s) {
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
      // raw config sections hold secrets: keep only the redacted text
      const raw = detail.sections[sec]
      if (raw) detail.sections[sec] = { ...raw, text: facts.configs[name]?.redactedText ?? '' }
    }
  }
}

const hastatus: SectionParser = {
  sections: ['hastatus'],
  parse({ get, facts, detail, unrecognised }) {
    const s = get('hastatus')
    if (!s) return
    facts.haStatus = parseHaStatus(s.text, s.rc)
    detail.localState = facts.haStatus.local?.state
    if (!facts.haStatus.recognised && s.text.trim()) unrecognised('hastatus', s.source, s.text)
  }
}

const initStatus: SectionParser = {
  sections: ['init-status'],
  parse({ get, detail }) {
    const s = get('init-status')
    if (s) detail.initStatus = { source: s.source, rc: s.rc, output: s.text.trim() }
  }
}

const ps: SectionParser = {
  sections: ['ps'],
  parse({ get, detail }) {
    const s = get('ps')
    if (s)
      detail.ps = { source: s.source, rc: s.rc, output: s.text.trim(), lines: s.rc === 0 ? s.text.split('\n').filter((l) => l.trim()) : [] }
  }
}

const version: SectionParser = {
  sections: ['version'],
  parse({ get, facts }) {
    const s = get('version')
    if (s && s.rc === 0) facts.nsmVersion = parseVersion(s.text)
  }
}

/** `ssh -V` / `rsync --version`: the output, and the version when it ran */
function tool(sec: 'ssh-version' | 'rsync-version', key: 'ssh' | 'rsync', field: 'sshVersion' | 'rsyncVersion'): SectionParser {
  return {
    sections: [sec],
    parse({ get, facts, detail }) {
      const s = get(sec)
      if (!s) return
      detail[field] = { source: s.source, rc: s.rc, output: s.text.trim() }
      if (s.rc === 0) facts.tools[key] = parseToolVersion(s.text)
    }
  }
}

const addresses: SectionParser = {
  sections: ['addresses'],
  parse({ get, detail }) {
    const s = get('addresses')
    if (s && (s.rc === 0 || s.rc === CUT_RC)) detail.addresses = parseAddresses(s.text, s.source)
  }
}

const passwd: SectionParser = {
  sections: ['passwd'],
  parse({ get, detail }) {
    const s = get('passwd')
    if (!s) return
    const kv = keyValues(s.text)
    const entry = s.text.split('\n').find((l) => /^[^:\s]+:[^:]*:\d+:\d+:/.test(l))
    // via=: which lookup answered (`files`: the shell's read of /etc/passwd, else getent); an older probe says nothing: getent
    const via = kv.via === 'files' ? '/etc/passwd' : 'getent'
    detail.passwd = {
      source: !kv.user ? s.source : via === 'getent' ? `getent passwd ${kv.user}` : `/etc/passwd (${kv.user})`,
      rc: s.rc,
      output: s.text.trim(),
      entry,
      skipped: skipReason(s.text)
    }
  }
}

const ping: SectionParser = {
  sections: ['ping'],
  parse({ get, detail }) {
    const s = get('ping')
    if (!s) return
    const target = keyValues(s.text).target
    detail.ping = {
      source: target ? `ping -c 1 -W 2 ${target}` : s.source,
      rc: s.rc,
      output: s.text.replace(/^target=.*\n/, '').trim(),
      target,
      skipped: skipReason(s.text)
    }
  }
}

const trust: SectionParser = {
  sections: ['trust'],
  parse({ get, detail }) {
    const s = get('trust')
    if (!s) return
    const kv = keyValues(s.text)
    const output = s.text.replace(/^(user|peer)=.*\n/gm, '').trim()
    detail.trust = {
      source: kv.user ? `ssh -o BatchMode=yes -o ConnectTimeout=10 ${kv.user}@${kv.peer} true (as ${kv.user})` : s.source,
      rc: s.rc,
      output,
      user: kv.user,
      peer: kv.peer,
      skipped: skipReason(s.text)
    }
  }
}

const dodirect: SectionParser = {
  sections: ['dodirect'],
  parse({ get, detail }) {
    const s = get('dodirect')
    if (!s) return
    const present = s.rc === 0
    detail.dodirect = { source: s.source, present, ...(present ? parseDoDirect(s.text) : { error: firstLine(s.text) || `exit ${s.rc}` }) }
  }
}

const halog: SectionParser = {
  sections: ['halog'],
  parse({ get, facts, detail, ctx, unrecognised }) {
    const s = get('halog')
    if (!s) return
    detail.haLog = parseHaLog(s.text, { node: ctx.role, source: s.source, time: timeOf(facts) })
    if (detail.haLog.unrecognised) unrecognised('halog', detail.haLog.source, detail.haLog.unrecognised.join('\n'))
    facts.events.push(...detail.haLog.events)
  }
}

const guilog: SectionParser = {
  sections: ['guilog', 'guilog-rotated'],
  parse({ get, facts, detail, ctx, unrecognised }) {
    const s = get('guilog')
    if (!s) return
    const time = timeOf(facts)
    detail.guiLog = parseGuiLog(s.text, { node: ctx.role, source: s.source, time })
    if (detail.guiLog.unrecognised) unrecognised('guilog', detail.guiLog.source, detail.guiLog.unrecognised.join('\n'))
    // the last start read back from rotated files when guiDaemon.0 holds none
    const rotated = get('guilog-rotated')
    if (rotated) addRotatedGuiLogs(detail.guiLog, rotated.text, { node: ctx.role, time })
    facts.events.push(...detail.guiLog.events)
  }
}

const xdb: SectionParser = {
  sections: ['xdb-data', 'xdb-log', 'xdb-init'],
  parse({ get, facts, unrecognised }) {
    const xd = get('xdb-data')
    const xl = get('xdb-log')
    const xi = get('xdb-init')
    if (!xd && !xl && !xi) return
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
}

const df: SectionParser = {
  sections: ['df'],
  parse({ get, facts }) {
    const s = get('df')
    if (s && s.rc === 0) facts.disk = parseDf(s.text)
  }
}

const sharedDisk: SectionParser = {
  sections: ['shared-disk'],
  parse({ get, detail }) {
    const s = get('shared-disk')
    if (!s) return
    const kv = keyValues(s.text)
    detail.sharedDisk = {
      source: s.source,
      rc: s.rc,
      output: s.text.replace(/^(device|mount)=.*\n/gm, '').trim(),
      mountPoint: kv.mount,
      mounted: s.rc === 0 && !skipReason(s.text),
      skipped: skipReason(s.text)
    }
  }
}

const drift: SectionParser = {
  sections: ['drift'],
  parse({ get, detail }) {
    const s = get('drift')
    if (s) detail.drift = parseDrift(s.text, s.rc)
  }
}

const viewer: SectionParser = {
  sections: ['viewer'],
  parse({ get, detail, ctx, unrecognised }) {
    const s = get('viewer')
    if (!s) return
    const skipped = skipReason(s.text)
    const parsed = skipped || s.rc !== 0 ? { notFound: false } : parseViewerRecord(s.text, ctx.salt)
    // the raw viewer text holds the one-time password: keep only the parsed, fingerprinted record
    const masked = maskSecrets(s.text)
    const notRecognised = !skipped && s.rc === 0 && !parsed.record && !parsed.notFound && s.text.trim() !== ''
    detail.viewer = {
      source: s.source,
      rc: s.rc,
      output: skipped ? '' : firstLine(masked),
      skipped,
      ...parsed,
      ...(notRecognised ? { unrecognised: firstLines(masked) } : {})
    }
    if (notRecognised) unrecognised('viewer', s.source, masked)
    const raw = detail.sections.viewer
    if (raw) detail.sections.viewer = { ...raw, text: '[viewer output parsed; secrets removed]' }
  }
}

/** Every section's parser, in the order they run (identity first; the log times need the node's clock). */
export const SECTION_PARSERS: readonly SectionParser[] = [
  identity,
  config('cfg.haSvr', 'haSvr.cfg'),
  config('cfg.guiSvr', 'guiSvr.cfg'),
  config('cfg.devSvr', 'devSvr.cfg'),
  hastatus,
  initStatus,
  ps,
  version,
  tool('ssh-version', 'ssh', 'sshVersion'),
  tool('rsync-version', 'rsync', 'rsyncVersion'),
  addresses,
  passwd,
  ping,
  trust,
  dodirect,
  halog,
  guilog,
  xdb,
  df,
  sharedDisk,
  drift,
  viewer
]
