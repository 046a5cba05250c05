/** registerFleetIpc: the fleet list, Check all / cancel, the schedules (its pushes: ipc/pushes.ts). */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Registrar } from './handle'

export function registerFleetIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.fleetList, ({ recent }) => s.fleet.list(recent))
  handle(r, IPC.fleetCheck, ({ pairIds, concurrency }) => s.fleet.checkMany(pairIds ?? [], concurrency))
  handle(r, IPC.fleetCancel, () => ({ cancelled: s.fleet.cancelBatch() }))
  handle(r, IPC.scheduleGet, () => s.fleet.defaults())
  handle(r, IPC.scheduleSetDefault, (change) => s.fleet.setDefaults(change))
  handle(r, IPC.scheduleSetPair, ({ pairId, ...fields }) => (s.fleet.setPairSchedule(pairId, fields), { ok: true as const }))
}
