/** fix.restart-ha — KB11264 step 1: restart HA in order, active first, then standby. */
import { NODE_ROLES } from '../../../shared/domain/pair'
import { shQuote as q } from '../../shell/quote'
import { empty, restartInOrder, type Recipe } from './common'

export const restartHa: Recipe = (ctx) => {
  const r = empty()
  for (const node of NODE_ROLES)
    r.preconditions.push({
      id: `init-script-${node}`,
      description: `${ctx.f.haInit} is executable on the ${node}`,
      refusal: `${ctx.f.haInit} is not executable on the ${node}`,
      node,
      kind: 'exit-zero',
      command: `[ -x ${q(ctx.f.haInit)} ] || { echo 'missing or not executable: '${q(ctx.f.haInit)}; exit 1; }`,
      measured: ctx.report.nodes[node]?.reachable ? 'node reachable in the last run' : 'node unreachable in the last run',
      ok: ctx.report.nodes[node]?.reachable !== false
    })
  r.steps.push(...restartInOrder(ctx, 'restart'))
  r.notes.push(
    `Active node: the ${ctx.active} (${ctx.activeFrom}). The standby is stopped first so stopping the active does not fail over.`
  )
  return r
}
