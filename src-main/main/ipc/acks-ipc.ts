/** registerAcksIpc: acknowledgements of a saved pair's known problems. */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, NotFoundError, type Registrar } from './handle'
import { acknowledge } from '../acks/ack-service'
import { parseAckDuration } from '../../shared/domain/ack'
import { runBy } from '../platform/who'

/** Acknowledgements of a saved pair's known problems (by the OS user of the app). */
export function registerAcksIpc(r: Registrar, s: AppServices): void {
  const nameOf = (pairId: number): string => {
    const p = s.store.pairs.get(pairId)
    if (!p) throw new NotFoundError(`no pair ${pairId}`)
    return p.name
  }
  handle(r, IPC.acksList, ({ pairId }) => s.store.acks.active(nameOf(pairId)))
  handle(r, IPC.acksAdd, ({ pairId, checkId, reason, duration }) => {
    const ack = acknowledge(s.store, { pairName: nameOf(pairId), checkId, reason, durationMs: parseAckDuration(duration), by: runBy() })
    s.fleet.pairsChanged()
    return ack
  })
  handle(r, IPC.acksRemove, ({ pairId, checkId }) => {
    const removed = s.store.acks.remove(nameOf(pairId), checkId, runBy()) !== undefined
    s.fleet.pairsChanged()
    return { removed }
  })
}
