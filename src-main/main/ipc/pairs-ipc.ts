/** registerPairsIpc: the saved pairs (list, get, save, delete) and the connection test. */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Registrar } from './handle'

export function registerPairsIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.pairsList, () => s.pairs.list())
  handle(r, IPC.pairsGet, ({ id }) => s.pairs.get(id))
  handle(r, IPC.pairsSave, ({ pair }) => s.pairs.save(pair))
  handle(r, IPC.pairsDelete, async ({ id }) => ({ deleted: await s.pairs.delete(id) }))
  handle(r, IPC.pairsTest, (a) => s.pairs.test(a))
}
