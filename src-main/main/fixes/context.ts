/** What a recipe needs from the pair and its latest run: files, the active/standby nodes, config values. */
import type { NodeRole } from '../../shared/domain/check'
import type { FixOptions } from '../../shared/domain/fix'
import type { PairConfig } from '../../shared/domain/pair'
import type { ConfigName, HaStatusFacts, RunReport } from '../../shared/domain/run'
import { cfgValue } from '../diagnostics/parsers/cfg'
import { files, type Files } from './sh'

export interface PlanContext {
  pair: PairConfig
  report: RunReport
  options: FixOptions
  f: Files
  stamp: string
  now: number
  /** the node whose haStatus Local Server reads running/active/master (else the primary) */
  active: NodeRole
  standby: NodeRole
  /** how `active` was decided, for the notes */
  activeFrom: string
  waitS: number
  cfg(role: NodeRole, name: ConfigName, ...keys: string[]): string | undefined
  haStatus(role: NodeRole): HaStatusFacts | undefined
}

export const ACTIVE_STATE_ERE = 'running|active|master'
export const ACTIVE_STATE = /running|active|master/i

export function other(role: NodeRole): NodeRole {
  return role === 'primary' ? 'secondary' : 'primary'
}

export function makeContext(pair: PairConfig, report: RunReport, options: FixOptions, now: number, stamp: string): PlanContext {
  const hs = (role: NodeRole) => report.nodes[role]?.haStatus
  const isActive = (role: NodeRole) => ACTIVE_STATE.test(hs(role)?.local?.state ?? '')
  let active: NodeRole = 'primary'
  let activeFrom = 'no node reports itself running: the primary is taken as active'
  if (isActive('primary') && isActive('secondary')) activeFrom = 'both nodes report running (split brain): the primary is taken as active'
  else if (isActive('primary')) activeFrom = `primary haStatus: ${hs('primary')?.local?.state}`
  else if (isActive('secondary')) {
    active = 'secondary'
    activeFrom = `secondary haStatus: ${hs('secondary')?.local?.state}`
  }
  return {
    pair,
    report,
    options,
    f: files(pair.paths),
    stamp,
    now,
    active,
    standby: other(active),
    activeFrom,
    waitS: Math.max(5, Math.min(3600, options.waitSeconds ?? 120)),
    cfg: (role, name, ...keys) => cfgValue(report.nodes[role]?.configs?.[name], ...keys),
    haStatus: hs
  }
}
