/** Helpers shared by the check files: verdict parts, combining per-node verdicts, evidence builders. */
import {
  checkDefinition,
  STATUS_SEVERITY,
  type CheckId,
  type CheckResult,
  type CheckStatus,
  type Evidence,
  type NodeRole
} from '../../../shared/domain/check'
import type { ConfigEntry, ConfigFile, ConfigName, RunReport } from '../../../shared/domain/run'
import { cfgEntry } from '../parsers/cfg'
import { cutText, EVIDENCE_CAP } from '../cut'
import type { NodeCollection, SectionName } from '../types'
import { humanBytes } from '../../../shared/bytes'

export interface EvalContext {
  previous?: RunReport
  salt: string
  now: number
}

export interface Pair {
  primary: NodeCollection
  secondary: NodeCollection
  ctx: EvalContext
  /**
   * `unknown` for a node that is unreachable or lacks one of the sections the check declares in its
   * `needs` (or the named subset of them), else undefined. Naming a section the check does not declare
   * is an error: what a check reads is declared once, in its definition.
   */
  missing(n: NodeCollection, ...only: SectionName[]): Part | undefined
}

/** A verdict before it becomes a CheckResult. */
export interface Part {
  status: CheckStatus
  summary: string
  evidence: Evidence[]
  /**
   * skipped by design, not for want of a reading (a debug-only log line absent): named in the summary,
   * but does not hold a pass back
   */
  optional?: boolean
}

export type CheckFn = (pair: Pair) => Part

/** A verdict about one node; the engine runs it per node and combines the two. */
export type NodeFn = (n: NodeCollection) => Part

/**
 * A check's definition: the probe sections it reads (`needs`) and how it decides.
 * - `node`: decided per node. The engine gives `unknown` for a node that is unreachable or lacks a needed
 *   section, runs `node` on the others and combines both (worst wins).
 * - `run`: decided over the pair. With `requireAll`, the engine answers `unknown` (the first node's reason)
 *   when either node lacks a needed section and `run` is not called; without it, `run` handles a node it
 *   could not read itself through `pair.missing(n)` (e.g. a `warn` naming the side that could be read).
 */
export type CheckDef =
  { needs: readonly SectionName[]; node: NodeFn } | { needs: readonly SectionName[]; run: CheckFn; requireAll?: boolean }

/** The definitions one check file contributes, keyed by check ID (the compiler rejects an unknown ID). */
export type CheckDefs = Partial<Record<CheckId, CheckDef>>

/** Decide one check from its definition: the generic `unknown` for what could not be read, then its logic. */
export function runCheck(def: CheckDef, primary: NodeCollection, secondary: NodeCollection, ctx: EvalContext): Part {
  const pair: Pair = {
    primary,
    secondary,
    ctx,
    missing: (n, ...only) => {
      const undeclared = only.filter((s) => !def.needs.includes(s))
      if (undeclared.length) throw new Error(`reads ${undeclared.join(', ')} without declaring it in needs`)
      return missingSections(n, ...(only.length ? only : def.needs))
    }
  }
  if ('node' in def) return combine(nodesOf(pair).map((n) => pair.missing(n) ?? def.node(n)))
  if (def.requireAll) {
    const m = pair.missing(primary) ?? pair.missing(secondary)
    if (m) return m
  }
  return def.run(pair)
}

export function part(status: CheckStatus, summary: string, evidence: Evidence[] = []): Part {
  return { status, summary, evidence }
}

export function toResult(id: CheckId, p: Part, durationMs?: number): CheckResult {
  const def = checkDefinition(id)
  return {
    id,
    step: def.step,
    scope: def.scope,
    status: p.status,
    title: def.title,
    summary: oneLine(p.summary),
    evidence: p.evidence.map((e) => ({ ...e, excerpt: cutText(e.excerpt, EVIDENCE_CAP) })),
    fixes: [...def.fixes],
    ...(durationMs !== undefined ? { durationMs } : {})
  }
}

/** The summary on one line, whole up to the evidence cap (a cut says so). */
export function oneLine(s: string): string {
  return cutText(s.replace(/\s*\r?\n\s*/g, ' ').trim(), EVIDENCE_CAP)
}

/**
 * Combine the parts of a verdict (per node, per direction, per file). The worst status wins
 * (fail > unknown > warn > pass > skipped), with one more rule: a part that was not tested (`skipped`)
 * never vanishes behind a pass — pass together with skipped is `warn` (unless the skip is `optional`:
 * a line logged in debug mode only), and the summary names every
 * part that is not a pass (worst first), so nothing a check could not look at disappears from it.
 */
export function combine(parts: Part[]): Part {
  if (parts.length === 0) return part('unknown', 'nothing to decide on')
  const worstSev = Math.max(...parts.map((p) => STATUS_SEVERITY[p.status]))
  let status = parts.find((p) => STATUS_SEVERITY[p.status] === worstSev)!.status
  const untested = parts.filter((p) => p.status === 'skipped' && !p.optional)
  const raised = status === 'pass' && untested.length > 0
  if (raised) status = 'warn'
  const bySeverity = [...parts].sort((a, b) => STATUS_SEVERITY[b.status] - STATUS_SEVERITY[a.status])
  const shown = raised
    ? [...untested, ...parts.filter((p) => p.status === 'pass')]
    : bySeverity.filter((p) => p.status !== 'pass' || status === 'pass')
  const summaries = shown.map((p) => p.summary).filter(Boolean)
  return {
    status,
    summary: [...new Set(summaries)].join('; '),
    evidence: parts.flatMap((p) => p.evidence)
  }
}

/**
 * A verdict about both nodes from per-node parts: when one side could not be read (`unknown`) and the
 * other passes or warns, the check is `warn` — it could read only one side, and says which — never a pass.
 */
export function bothSides(parts: Part[], sides: NodeCollection[]): Part {
  const c = combine(parts)
  const unread = sides.filter((_, i) => parts[i]?.status === 'unknown')
  const readParts = parts.filter((p) => p.status === 'pass' || p.status === 'warn')
  if (c.status === 'unknown' && unread.length === 1 && readParts.length === parts.length - 1) {
    const read = sides.find((s) => s !== unread[0])!
    const passed = readParts.map((p) => p.summary)
    const why = parts[sides.indexOf(unread[0])].summary
    return {
      status: 'warn',
      summary: `only ${label(read)} could be read: ${passed.join('; ')}; ${label(unread[0])} not read (${why})`,
      evidence: c.evidence
    }
  }
  return c
}

export function nodesOf(pair: Pair): NodeCollection[] {
  return [pair.primary, pair.secondary]
}

export function roleOf(n: NodeCollection): NodeRole {
  return n.facts.role
}

export function label(n: NodeCollection): string {
  return n.facts.role
}

/** `unknown` for an unreachable node, with its one-line reason. */
export function unreachablePart(n: NodeCollection): Part {
  return part('unknown', `${label(n)} not reachable: ${n.facts.error ?? 'no connection'}`, [
    { node: roleOf(n), source: `ssh ${n.facts.host}:${n.facts.port}`, excerpt: n.facts.error ?? 'no connection' }
  ])
}

/** `unknown` for an unreachable node or when a section never arrived (probe cut off), else undefined. */
function missingSections(n: NodeCollection, ...names: SectionName[]): Part | undefined {
  if (!n.facts.reachable) return unreachablePart(n)
  const lost = names.filter((s) => n.detail.unreadable.includes(s))
  if (lost.length === 0) return undefined
  return part('unknown', `${label(n)}: probe output for ${lost.join(', ')} not received (${n.facts.error ?? 'cut off'})`, [
    { node: roleOf(n), source: `probe ${n.facts.host}`, excerpt: n.facts.error ?? 'probe output cut off' }
  ])
}

export function ev(n: NodeCollection, source: string, excerpt: string, line?: number): Evidence {
  return { node: roleOf(n), source, ...(line !== undefined ? { line } : {}), excerpt: excerpt.trim() }
}

export function cfgFile(n: NodeCollection, name: ConfigName): ConfigFile | undefined {
  return n.facts.configs[name]
}

export function cfgEv(n: NodeCollection, file: ConfigFile, entry: ConfigEntry): Evidence {
  return ev(n, file.path, `${entry.key} ${entry.value}`, entry.line)
}

/** The entry and its evidence, or an evidence line saying the key is absent. */
export function lookup(
  n: NodeCollection,
  name: ConfigName,
  keys: readonly string[]
): { file?: ConfigFile; entry?: ConfigEntry; evidence: Evidence; unreadable?: string } {
  const file = cfgFile(n, name)
  if (!file) return { evidence: ev(n, name, 'not read'), unreadable: `${name} not read` }
  if (file.unrecognised)
    return {
      file,
      evidence: ev(
        n,
        file.path,
        `${file.error ?? 'not recognised'}\n${file.redactedText
          .split('\n')
          .filter((l) => l.trim())
          .slice(0, 8)
          .join('\n')}`
      ),
      unreadable: file.error ?? 'not recognised'
    }
  if (file.error && file.entries.length === 0) return { file, evidence: ev(n, file.path, file.error), unreadable: file.error }
  const entry = cfgEntry(file, ...keys)
  if (!entry) return { file, evidence: ev(n, file.path, `${keys[0]} not set`) }
  const dup = file.duplicates.includes(entry.key) ? ' (duplicate key: last one wins)' : ''
  return { file, entry, evidence: { ...cfgEv(n, file, entry), excerpt: `${entry.key} ${entry.value}${dup}` } }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** byte counts in summaries: the one formatter of the product */
export const fmtBytes = humanBytes

/**
 * An assumed key (docs/nsm-formats.md: no public source names it) found under none of the names we know, in a
 * config file that was read and recognised: we cannot tell "not set" from "named otherwise", so `unknown`,
 * naming the names tried and the keys the file does hold (names only, never a value).
 */
export function assumedKeyNotFound(n: NodeCollection, file: ConfigFile, keys: readonly string[]): Part {
  const names = [...new Set(file.entries.map((e) => e.key))]
  const shown = names.slice(0, 40).join(', ') + (names.length > 40 ? `, … (${names.length - 40} more)` : '')
  return part('unknown', `${label(n)}: not found under the names known (${keys.join(', ')}); keys present: ${shown || 'none'}`, [
    ev(n, file.path, `none of ${keys.join(', ')}; keys present: ${shown || 'none'}`)
  ])
}
