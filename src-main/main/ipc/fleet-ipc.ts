/** registerFleetIpc: the fleet list, Check all / cancel, the schedules; pushes fleet:run, fleet:batch, app:open-pair. */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Emit, type Registrar } from './handle'

export function registerFleetIpc(r: Registrar, s: AppServices, emit: Emit): void {
  handle(r, IPC.fleetList, ({ recent }) => s.fleet.list(recent))
  handle(r, IPC.fleetCheck, ({ pairIds, concurrency }) => s.fleet.checkMany(pairIds ?? [], concurrency))
  handle(r, IPC.fleetCancel, () => ({ cancelled: s.fleet.cancelBatch() }))
  handle(r, IPC.scheduleGet, () => s.fleet.defaults())
  handle(r, IPC.scheduleSetDefault, (change) => s.fleet.setDefaults(change))
  handle(r, IPC.scheduleSetPair, ({ pairId, ...fields }) => (s.fleet.setPairSchedule(pairId, fields), { ok: true as const }))
  // plain data only crosses: ids, phases, verdicts and counts
  s.fleet.onEvent((e) => {
    if (e.type === 'run') emit('fleet:run', e.event)
    else if (e.type === 'batch') emit('fleet:batch', e.state)
    else emit('app:open-pair', { pairId: e.pairId ?? null })
  })
}
