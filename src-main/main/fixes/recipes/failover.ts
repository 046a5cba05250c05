/**
 * fix.failover — KB11264 step 10: a normal failover, only when the pair is ready for one: stop HA on the
 * active node, wait for the peer to take over, then start the old active as standby. Its preconditions are the
 * failover readiness of the latest run (failoverReadinessPres: the verdict and each of its preconditions, the
 * haStatus-based ones re-read live), plus which node it stops: the active one.
 */
import { ACTIVE_STATE_ERE } from '../context'
import { failoverReadinessPres, haStatePre } from '../preconditions'
import { waitLocalState } from '../sh'
import { empty, startSteps, step, stopSteps, type Recipe } from './common'

export const failover: Recipe = (ctx) => {
  const r = empty()
  const { active, standby } = ctx
  r.preconditions.push(
    ...failoverReadinessPres(ctx.f, ctx.report, active, ctx.haStatus),
    haStatePre(ctx.f, active, ctx.haStatus(active), {
      id: 'active-running',
      description: `the ${active} is the active node`,
      refusal: `the ${active} is not the active node`,
      states: ACTIVE_STATE_ERE
    })
  )
  r.destroys.push(`the GUI sessions on the ${active} are cut while the ${standby} takes over`)
  r.steps.push(
    ...stopSteps(ctx, active, `HA stopped on the ${active}; the ${standby} taking over`),
    step(
      `takeover-${standby}`,
      standby,
      'wait',
      `Wait until the ${standby} has taken over (haStatus Local Server running)`,
      waitLocalState(ctx.f, ACTIVE_STATE_ERE, ctx.waitS, `${standby} active`),
      `the ${standby} is active; HA stopped on the ${active}`,
      { timeoutMs: (ctx.waitS + 30) * 1000 }
    ),
    ...startSteps(ctx, active, 'standby', `failover done: the ${standby} is active, the ${active} standby`, {
      always: true,
      prefix: 'rejoin-'
    })
  )
  r.recheck = ['ha.services', 'ha.heartbeat', 'ha.db-replication', 'db.diverged']
  r.notes.push(
    `After the failover the ${standby} is the active node; role.assignment reports the new roles against the saved primary/secondary.`
  )
  return r
}
