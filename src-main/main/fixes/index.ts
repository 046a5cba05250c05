/** Guided fixes: build a plan from the latest run, preview it, apply it (main process, CLI and tests). */
export { buildPlan, formatPlan, RECIPES, type BuildPlanInput } from './plan'
export { applyFix, compareRecheck, type ApplyOptions } from './apply'
export { MemoryFixAudit, REPEAT_WINDOW_MS, type FixAuditEntry, type FixAuditSink } from './audit'
export { UnsafeValueError, safeAddress, safePath, safeUser, stampOf } from './validate'
