/** follow:start / follow:stop / follow:list, and the follow:sample / follow:end pushes. */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Emit, type Registrar } from './handle'

export function registerFollowIpc(r: Registrar, s: AppServices, emit: Emit): void {
  handle(r, IPC.followStart, (a) =>
    s.follow.start(a, {
      sample: (pairId, followId, sample) => emit('follow:sample', { pairId, followId, sample }),
      end: (pairId, followId, end) => emit('follow:end', { pairId, followId: followId ?? null, end })
    })
  )
  handle(r, IPC.followStop, async ({ pairId }) => ({ stopped: await s.follow.stop(pairId) }))
  handle(r, IPC.followList, ({ runId }) => s.follow.ofRun(runId))
}
