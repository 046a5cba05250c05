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
import type { NodeCollection, SectionName } from '../types'

export interface EvalContext {
  previous?: RunReport
  salt: string
  now: number
}

export interface Pair {
  primary: NodeCollection
  secondary: NodeCollection
  ctx: EvalContext
}

/** A verdict before it becomes a CheckResult. */
export interface Part {
  status: CheckStatus
  summary: string
  evidence: Evidence[]
}

export type CheckFn = (pair: Pair) => Part

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
    evidence: p.evidence.map((e) => ({ ...e, excerpt: e.excerpt.slice(0, 1000) })),
    fixes: [...def.fixes],
    ...(durationMs !== undefined ? { durationMs } : {})
  }
}

export function oneLine(s: string): string {
  const flat = s.replace(/\s*\r?\n\s*/g, ' ').trim()
  return flat.length > 400 ? `${flat.slice(0, 399)}…` : flat
}

/** Severity order for combining parts: fail > unknown > warn > pass > skipped. */
export function combine(parts: Part[]): Part {
  if (parts.length === 0) return part('unknown', 'nothing to decide on')
  const worstSev = Math.max(...parts.map((p) => STATUS_SEVERITY[p.status]))
  const worst = parts.filter((p) => STATUS_SEVERITY[p.status] === worstSev)
  return {
    status: worst[0].status,
    summary: worst.map((p) => p.summary).filter(Boolean).join('; '),
    evidence: parts.flatMap((p) => p.evidence)
  }
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

/** `unknown` when a section never arrived (probe cut off), else undefined. */
export function missingSections(n: NodeCollection, ...names: SectionName[]): Part | undefined {
  if (!n.facts.reachable) return unreachablePart(n)
  const lost = names.filter((s) => n.detail.unreadable.includes(s))
  if (lost.length === 0) return undefined
  return part('unknown', `${label(n)}: probe output for ${lost.join(', ')} not received (${n.facts.error ?? 'cut off'})`, [
    { node: roleOf(n), source: `probe ${n.facts.host}`, excerpt: n.facts.error ?? 'probe output cut off' }
  ])
}

/** Run `fn` per node; unreachable nodes and unreadable sections give `unknown`; combine. */
export function perNode(pair: Pair, sections: SectionName[], fn: (n: NodeCollection) => Part): Part {
  return combine(nodesOf(pair).map((n) => missingSections(n, ...sections) ?? fn(n)))
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
  if (file.error && file.entries.length === 0) return { file, evidence: ev(n, file.path, file.error), unreadable: file.error }
  const entry = cfgEntry(file, ...keys)
  if (!entry) return { file, evidence: ev(n, file.path, `${keys[0]} not set`) }
  const dup = file.duplicates.includes(entry.key) ? ' (duplicate key: last one wins)' : ''
  return { file, entry, evidence: { ...cfgEv(n, file, entry), excerpt: `${entry.key} ${entry.value}${dup}` } }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}
