/**
 * fix.failover — KB11264 step 10: a normal failover, only when the pair is ready for one: stop HA on the
 * active node, wait for the peer to take over, then start the old active as standby. The precondition is the
 * failover readiness verdict of the latest run (failoverReadyPre: the same function as the run header, JSON
 * and metric); the haStatus-based parts of it (HA processes, active node, in-sync, peer up) are re-read live
 * just before anything runs, in case the pair changed since that run.
 */
import { NODE_ROLES } from '../../../shared/domain/pair'
import { ACTIVE_STATE_ERE } from '../context'
import { failoverReadyPre, haStatePre, inSyncPre, peerPre, processesPre } from '../preconditions'
import { waitLocalState } from '../sh'
import { empty, startSteps, step, stopSteps, type Recipe } from './common'

export const failover: Recipe = (ctx) => {
  const r = empty()
  const { active, standby } = ctx
  r.preconditions.push(failoverReadyPre(ctx.report))
  for (const node of NODE_ROLES) r.preconditions.push(processesPre(ctx.f, node, ctx.haStatus(node)))
  r.preconditions.push(
    haStatePre(ctx.f, active, ctx.haStatus(active), {
      id: 'active-running',
      description: `the ${active} is the active node`,
      refusal: `the ${active} is not the active node`,
      states: ACTIVE_STATE_ERE
    }),
    inSyncPre(ctx.f, active, ctx.haStatus(active)),
    peerPre(ctx.f, active, ctx.haStatus(active)),
    peerPre(ctx.f, standby, ctx.haStatus(standby))
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
