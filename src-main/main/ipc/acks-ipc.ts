/** registerAcksIpc: acknowledgements of a saved pair's known problems (by the OS user of the app). */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Registrar } from './handle'

export function registerAcksIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.acksList, ({ pairId }) => s.acks.list(pairId))
  handle(r, IPC.acksAdd, (a) => s.acks.add(a))
  handle(r, IPC.acksRemove, ({ pairId, checkId }) => ({ removed: s.acks.remove(pairId, checkId) }))
}
