/** registerPairsIpc: the saved pairs (list, get, save, delete) and the connection test. */
import { IPC } from '../../shared/ipc-contract'
import { withPairDefaults } from '../pairs/validate'
import type { PairListItem } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, NotFoundError, type Registrar } from './handle'

export function registerPairsIpc(r: Registrar, s: AppServices): void {
  // one query for the whole list (the fleet's): newest completed run per pair
  handle(r, IPC.pairsList, () =>
    s.fleet.list(1).map((p): PairListItem => ({
      id: p.id,
      name: p.name,
      primary: p.primary,
      secondary: p.secondary,
      lastVerdict: p.lastVerdict,
      lastRunAt: p.lastRunAt,
      demo: p.demo,
      notChecked: p.notChecked
    }))
  )
  handle(r, IPC.pairsGet, ({ id }) => {
    const p = s.store.pairs.get(id)
    if (!p) throw new NotFoundError(`no pair ${id}`)
    const { salt: _salt, ...rest } = p
    return rest
  })
  // an existing pair whose host, port or user changes loses that node's stored secrets (sent nowhere else)
  handle(r, IPC.pairsSave, async ({ pair }) => {
    const { pair: saved, secretsDropped } = await s.store.pairs.saveUnbindingMovedSecrets(withPairDefaults(pair))
    return { id: saved.id, ...(secretsDropped.length ? { secretsDropped } : {}) }
  })
  handle(r, IPC.pairsDelete, async ({ id }) => ({ deleted: await s.deletePair(id) }))
  handle(r, IPC.pairsTest, (a) => s.testConnection(a))
}
