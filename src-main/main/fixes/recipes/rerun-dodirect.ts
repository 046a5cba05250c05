/**
 * fix.rerun-dodirect — KB11264 step 5: with the remote node's HA stopped, run HaSvr/bin/.haDoDirect as the
 * NSM user on the node that failed, show .haDoDirect.result, then start the remote node's HA again.
 */
import type { NodeRole } from '../../../shared/domain/check'
import { shQuote as q } from '../../shell/quote'
import { KEYS } from '../../diagnostics/parsers/cfg'
import { ACTIVE_STATE_ERE, other } from '../context'
import { haStatePre } from '../preconditions'
import { asUser, backupCopyIfExists } from '../sh'
import { safeUser } from '../validate'
import { empty, startSteps, step, stopSteps, type Recipe } from './common'

export const rerunDoDirect: Recipe = (ctx) => {
  const r = empty()
  const failed = ctx.report.checks.find((c) => c.id === 'rsync.dodirect-result')?.evidence.find((e) => e.node && /\bFAIL\b/.test(e.excerpt))
    ?.node as NodeRole | undefined
  const source = failed ?? ctx.active
  const remote = other(source)
  // .haDoDirect's ssh/rsync authenticate with the keys of highAvail.rsyncUser: it runs as that account
  const nsmUser = ctx.cfg(source, 'haSvr.cfg', ...KEYS.rsyncUser)
  if (nsmUser === undefined) {
    r.blockers.push(`highAvail.rsyncUser is not set on the ${source}`)
    return r
  }
  safeUser(nsmUser, `highAvail.rsyncUser on the ${source}`)
  r.preconditions.push(
    haStatePre(ctx.f, remote, ctx.haStatus(remote), {
      id: 'remote-not-active',
      description: `the remote node (${remote}) is not the active node, so stopping its HA does not fail over`,
      refusal: `the remote node (${remote}) is the active node`,
      states: ACTIVE_STATE_ERE,
      negate: true
    })
  )
  r.backups.push({
    node: source,
    what: '.haDoDirect.result',
    from: ctx.f.doDirectResult,
    to: `${ctx.f.doDirectResult}.${ctx.stamp}.bak`,
    method: 'copy'
  })
  r.steps.push(
    step(
      `backup-${source}`,
      source,
      'backup',
      `Back up .haDoDirect.result on the ${source}`,
      backupCopyIfExists(ctx.f.doDirectResult, ctx.stamp),
      'nothing changed yet'
    ),
    ...stopSteps(ctx, remote, `HA stopped on the ${remote}; the ${source} unchanged`),
    step(
      'run-dodirect',
      source,
      'change',
      `Run .haDoDirect on the ${source} as the NSM rsync user ${nsmUser}`,
      asUser(nsmUser, q(ctx.f.doDirect)),
      `.haDoDirect ran on the ${source}; HA stopped on the ${remote}`,
      { timeoutMs: 300_000 }
    ),
    step(
      'show-result',
      source,
      'verify',
      `Show .haDoDirect.result on the ${source} (must say SUCCESS)`,
      `cat ${q(ctx.f.doDirectResult)} && grep -q SUCCESS ${q(ctx.f.doDirectResult)}`,
      `.haDoDirect.result SUCCESS on the ${source}; HA stopped on the ${remote}`
    ),
    ...startSteps(ctx, remote, 'standby', `HA running on both nodes; .haDoDirect re-run from the ${source}`, { always: true })
  )
  r.notes.push(
    `The node whose .haDoDirect failed: the ${source}${failed ? '' : ' (no FAIL found: the active node)'}. The ${remote}'s HA is started again even when .haDoDirect fails.`
  )
  return r
}
