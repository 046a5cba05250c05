/** Public API of the diagnostics engine (used by the run orchestrator, CLI, fixes and UI). */
export { buildProbe, collectNode, unreachableNode, parseProbeOutput, probeCommand, newNonce } from './probe'
export { evaluatePair, evaluateCheck, CHECK_DEFINITIONS, type CheckDef, type EvalContext } from './checks/index'
export { fingerprint, secretLabel, isSecretKey, parseCfg } from './parsers/cfg'
export type { CollectContext, NodeCollection, NodeDetail, Section, SectionName } from './types'
