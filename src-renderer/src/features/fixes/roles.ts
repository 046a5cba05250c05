/** Which node plays which part in a fix plan (source / target, from / to): the fix's definition reads it from the plan. */
import { fixDefinition, type FixId, type FixOptions, type FixPlan, type FixRole } from '@shared/domain/fix'

export type PlanRole = FixRole

export function planRoles(plan: FixPlan): PlanRole[] {
  return fixDefinition(plan.fixId).roles(plan)
}

/** Whether a fix takes an option (its recipe reads it): the wizard shows a control for each one it takes. */
export function takesOption(fixId: FixId, option: keyof FixOptions): boolean {
  return fixDefinition(fixId).options.includes(option)
}
