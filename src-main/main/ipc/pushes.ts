/**
 * The pushes that do not answer a call: the fleet's run and batch events and "open this pair" (a tray or
 * notification click), sent to the renderer. Wired once by the host (Electron's composition root, the e2e
 * bridge); the returned function unsubscribes. Plain data only crosses: ids, phases, verdicts and counts.
 */
import type { AppServices } from '../app/services'
import type { Emit } from './handle'

export function subscribePushes(s: Pick<AppServices, 'fleet'>, emit: Emit): () => void {
  return s.fleet.onEvent((e) => {
    if (e.type === 'run') emit('fleet:run', e.event)
    else if (e.type === 'batch') emit('fleet:batch', e.state)
    else emit('app:open-pair', { pairId: e.pairId ?? null })
  })
}
