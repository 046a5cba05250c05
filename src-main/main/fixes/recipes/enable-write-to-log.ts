/** fix.enable-write-to-log — KB11264 step 2.7: highAvail.writetoLog y on both nodes. */
import { NODE_ROLES } from '../../../shared/domain/pair'
import { writablePre } from '../preconditions'
import { backupCopy, setCfgValue, showCfgLine } from '../sh'
import { shQuote as q } from '../../shell/quote'
import { empty, step, type Recipe } from './common'

export const enableWriteToLog: Recipe = (ctx) => {
  const r = empty()
  const file = ctx.f.haSvrCfg
  for (const node of NODE_ROLES) {
    const cfg = ctx.report.nodes[node]?.configs?.['haSvr.cfg']
    const readable = !!cfg && !cfg.error
    r.preconditions.push(writablePre(node, file, readable, readable ? 'read in the last run' : `unreadable: ${cfg?.error ?? 'not read'}`))
    r.backups.push({ node, what: 'haSvr.cfg', from: file, to: `${file}.${ctx.stamp}.bak`, method: 'copy' })
  }
  for (const node of NODE_ROLES)
    r.steps.push(step(`backup-${node}`, node, 'backup', `Back up haSvr.cfg on the ${node}`, backupCopy(file, ctx.stamp), 'config backed up; nothing changed yet'))
  r.steps.push(
    step('set-primary', 'primary', 'change', 'Set highAvail.writetoLog y on the primary', `${setCfgValue(file, 'highAvail.writetoLog', q('y'))} && ${showCfgLine(file, 'highAvail.writetoLog')}`, 'writetoLog y on the primary only'),
    step('set-secondary', 'secondary', 'change', 'Set highAvail.writetoLog y on the secondary', `${setCfgValue(file, 'highAvail.writetoLog', q('y'))} && ${showCfgLine(file, 'highAvail.writetoLog')}`, 'writetoLog y on both nodes')
  )
  r.notes.push('HA reads highAvail.writetoLog when it starts: the logging begins at the next HA restart (fix.restart-ha).')
  return r
}
