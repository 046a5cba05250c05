/**
 * registerAllIpc: every domain's channels (ipc/<domain>-ipc.ts) on one registrar. It subscribes nothing: the
 * host wires the pushes once with subscribePushes (ipc/pushes.ts).
 */
import type { AppServices, ChooseSavePath } from '../app/services'
import type { ChooseCollectedFiles } from '../app/offline-app'
import type { Emit, Registrar } from './handle'
import { registerPairsIpc } from './pairs-ipc'
import { registerHostKeysIpc } from './hostkeys-ipc'
import { registerSecretsIpc } from './secrets-ipc'
import { registerRunsIpc } from './runs-ipc'
import { registerReportsIpc } from './reports-ipc'
import { registerDemoIpc } from './demo-ipc'
import { registerFixesIpc } from './fixes-ipc'
import { registerFleetIpc } from './fleet-ipc'
import { registerFollowIpc } from './follow-ipc'
import { registerAcksIpc } from './acks-ipc'
import { registerOfflineIpc } from './offline-ipc'

/** Every domain at once. */
export function registerAllIpc(
  r: Registrar,
  s: AppServices,
  emit: Emit,
  host: { choosePath?: ChooseSavePath; chooseFiles?: ChooseCollectedFiles } = {}
): void {
  registerPairsIpc(r, s)
  registerHostKeysIpc(r, s)
  registerSecretsIpc(r, s)
  registerRunsIpc(r, s, emit)
  registerReportsIpc(r, s, host.choosePath)
  registerDemoIpc(r, s)
  registerFixesIpc(r, s, emit)
  registerFleetIpc(r, s)
  registerFollowIpc(r, s, emit)
  registerAcksIpc(r, s)
  registerOfflineIpc(r, s, host.chooseFiles)
}
