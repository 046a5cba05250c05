/** fix.align-hmac-key — KB11264 step 2.3: copy highAvail.HMACKey from the node the admin picks; restart HA in order. */
import { shQuote as q } from '../../shell/quote'
import { other } from '../context'
import { staticPre } from '../preconditions'
import { readCfgValue, setCfgValue } from '../sh'
import { PATTERNS } from '../validate'
import { configBackup, empty, restartInOrder, step, type Recipe } from './common'

const KEY = 'highAvail.HMACKey'

export const alignHmacKey: Recipe = (ctx) => {
  const r = empty()
  const source = ctx.options.sourceNode
  if (!source) {
    r.blockers.push('choose the node whose HMAC key is kept (source: primary or secondary)')
    r.preconditions.push(
      staticPre('source-chosen', 'the admin chose the source node', 'no source node chosen', false, 'source: not chosen')
    )
    return r
  }
  const target = other(source)
  const file = ctx.f.haSvrCfg
  const has = ctx.cfg(source, 'haSvr.cfg', KEY) !== undefined
  r.preconditions.push({
    id: 'source-key-set',
    description: `highAvail.HMACKey is set on the ${source} (the source)`,
    refusal: `highAvail.HMACKey is not set on the ${source}`,
    node: source,
    kind: 'cfg-value',
    command: `if [ -n "$(${readCfgValue(file, KEY)})" ]; then echo set; else echo unset; fi`,
    params: { expected: 'set', label: 'highAvail.HMACKey: ' },
    measured: `highAvail.HMACKey: ${has ? 'set' : 'unset'}`,
    ok: has
  })
  const edit = configBackup(ctx, target, 'haSvr.cfg', { leaves: 'config backed up; nothing changed yet' })
  r.preconditions.push(edit.precondition)
  r.backups.push(edit.backup)
  r.steps.push(
    edit.step,
    step(
      'read-key',
      source,
      'read',
      `Read highAvail.HMACKey on the ${source} (kept in memory only, never shown)`,
      readCfgValue(file, KEY),
      'nothing changed yet',
      {
        capture: { name: 'hmac', kind: 'secret', pattern: PATTERNS.cfgValue }
      }
    ),
    step(
      'write-key',
      target,
      'change',
      `Write the key into haSvr.cfg on the ${target}`,
      `IFS= read -r v || [ -n "$v" ]; [ -n "$v" ] || { echo 'no key received'; exit 1; }; ${setCfgValue(file, KEY, '"$v"')} && echo ${q(`${KEY} set`)}`,
      `keys aligned in the files; HA still runs with the old key on the ${target}`,
      { stdinFrom: 'hmac' }
    ),
    ...restartInOrder(ctx, 'HMAC key restart')
  )
  r.notes.push(
    `Active node: the ${ctx.active} (${ctx.activeFrom}). The key travels from the ${source} to the ${target} through this program's memory only; it is never shown, logged or stored.`
  )
  return r
}
