/**
 * fix.align-one-time-password — KB11264 step 11: stop both nodes (`haSvr stop`, standby first), read
 * clientOneTimePassword of record 0.shadow_server.2 from the active node's database read-only, write it into
 * guiSvr.cfg on both, start the active then the standby. On the active node the value is read and written in
 * one remote shell pipeline (it never leaves the node); for the standby it travels through this program's
 * memory only, masked everywhere.
 */
import { shQuote as q } from '../../shell/quote'
import { NODE_ROLES } from '../../../shared/domain/pair'
import { setCfgValue, viewerOtp } from '../sh'
import { PATTERNS } from '../validate'
import { configBackup, type ConfigBackup, empty, startSteps, step, stopSteps, type Recipe } from './common'
import type { NodeRole } from '../../../shared/domain/ids'

const KEY = 'guiSvr.clientOneTimePassword'

export const alignOneTimePassword: Recipe = (ctx) => {
  const r = empty()
  const { active, standby, f } = ctx
  const viewerCheck = ctx.report.checks.find((c) => c.id === 'gui.shadow-server-record')
  r.preconditions.push({
    id: 'record-present',
    description: `record 0.shadow_server.2 with a clientOneTimePassword is in the ${active}'s database`,
    refusal: `record 0.shadow_server.2 has no clientOneTimePassword on the ${active}`,
    node: active,
    kind: 'cfg-value',
    command: `v=$(${viewerOtp(f)}); if [ -n "$v" ]; then echo found; else echo 'not found'; fi`,
    params: { expected: 'found', label: 'record 0.shadow_server.2: ' },
    measured: `record 0.shadow_server.2: ${viewerCheck?.status === 'fail' ? 'not found' : 'found'}`,
    ok: viewerCheck?.status !== 'fail'
  })
  const edits = Object.fromEntries(
    NODE_ROLES.map((node) => [node, configBackup(ctx, node, 'guiSvr.cfg', { leaves: 'configs backed up; nothing changed yet' })])
  ) as Record<NodeRole, ConfigBackup>
  for (const node of NODE_ROLES) {
    r.preconditions.push(edits[node].precondition)
    r.backups.push(edits[node].backup)
  }
  r.destroys.push('the NSM GUI and device servers of both nodes are down while the value is aligned')
  const checkValue = `case "$v" in '') echo 'no clientOneTimePassword in record 0.shadow_server.2'; exit 1;; esac; if printf '%s' "$v" | LC_ALL=C grep -q '[^ -~]'; then echo 'the value holds unexpected characters: refused'; exit 1; fi`
  r.steps.push(
    edits[active].step,
    edits[standby].step,
    ...stopSteps(ctx, standby, `HA stopped on the ${standby}; the ${active} still active`),
    ...stopSteps(ctx, active, 'HA stopped on both nodes; nothing changed yet'),
    step(
      `write-${active}`,
      active,
      'change',
      `Read the one-time password from the ${active}'s database (read-only viewer) and write it into its guiSvr.cfg, in one pipeline on the node`,
      `v=$(${viewerOtp(f)}); ${checkValue}; ${setCfgValue(f.guiSvrCfg, KEY, '"$v"')} && echo ${q(`${KEY} set on this node from record 0.shadow_server.2`)}`,
      `HA stopped on both nodes; guiSvr.cfg aligned on the ${active} only`
    ),
    step(
      `read-${active}`,
      active,
      'read',
      `Read the one-time password again for the ${standby} (kept in memory only, never shown)`,
      viewerOtp(f),
      `HA stopped on both nodes; guiSvr.cfg aligned on the ${active} only`,
      {
        capture: { name: 'otp', kind: 'secret', pattern: PATTERNS.cfgValue }
      }
    ),
    step(
      `write-${standby}`,
      standby,
      'change',
      `Write it into guiSvr.cfg on the ${standby}`,
      `IFS= read -r v || [ -n "$v" ]; ${checkValue}; ${setCfgValue(f.guiSvrCfg, KEY, '"$v"')} && echo ${q(`${KEY} set`)}`,
      'HA stopped on both nodes; guiSvr.cfg aligned on both',
      { stdinFrom: 'otp' }
    ),
    ...startSteps(ctx, active, 'active', `HA running on the ${active}; stopped on the ${standby}; values aligned`),
    ...startSteps(ctx, standby, 'standby', `HA running on both nodes (${active} active, ${standby} standby); values aligned`)
  )
  r.notes.push(`Active node: the ${active} (${ctx.activeFrom}). The one-time password is never shown, logged or stored.`)
  return r
}
