/** fix.enable-write-to-log — KB11264 step 2.7: highAvail.writetoLog y on both nodes. */
import { WRITE_TO_LOG_MARK } from '../../../shared/domain/fix'
import { NODE_ROLES } from '../../../shared/domain/pair'
import { setCfgValue, showCfgLine } from '../sh'
import { shQuote as q } from '../../shell/quote'
import { configBackup, empty, step, type Recipe } from './common'

export const enableWriteToLog: Recipe = (ctx) => {
  const r = empty()
  const file = ctx.f.haSvrCfg
  const edits = NODE_ROLES.map((node) =>
    configBackup(ctx, node, 'haSvr.cfg', {
      leaves: 'config backed up; nothing changed yet',
      unreadable: (error) => `unreadable: ${error ?? 'not read'}`
    })
  )
  for (const e of edits) {
    r.preconditions.push(e.precondition)
    r.backups.push(e.backup)
  }
  for (const e of edits) r.steps.push(e.step)
  // the setting, then a comment line with the node's clock: until HA's next start there is no ha.log, and
  // rsync.ha-log-errors reads this line to say so instead of reporting the missing log
  const set = `${setCfgValue(file, 'highAvail.writetoLog', q('y'))} && printf '%s %s (%s); HA writes ha.log from its next start\\n' ${q(WRITE_TO_LOG_MARK)} "$(date +%s)" "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" >> ${q(file)} && ${showCfgLine(file, 'highAvail.writetoLog')}`
  r.steps.push(
    step('set-primary', 'primary', 'change', 'Set highAvail.writetoLog y on the primary', set, 'writetoLog y on the primary only'),
    step('set-secondary', 'secondary', 'change', 'Set highAvail.writetoLog y on the secondary', set, 'writetoLog y on both nodes')
  )
  r.notes.push('HA reads highAvail.writetoLog when it starts: the logging begins at the next HA restart (fix.restart-ha).')
  r.next = [{ fixId: 'fix.restart-ha', reason: 'HA reads highAvail.writetoLog when it starts: ha.log is written from the next HA start' }]
  return r
}
