/** registerOfflineIpc: Import collected output (two probe outputs gathered by hand, analysed like a run). */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import type { ChooseCollectedFiles } from '../app/offline-app'
import { handle, type Registrar } from './handle'

/** `chooseFiles`: the host's open dialog for two collected probe outputs (Electron: dialogs; the e2e bridge: the test's files). */
export function registerOfflineIpc(r: Registrar, s: AppServices, chooseFiles?: ChooseCollectedFiles): void {
  handle(r, IPC.offlineImport, ({ pairId }) => {
    if (!chooseFiles) throw new Error('opening files is not available in this host')
    return s.offline.importCollected(pairId, chooseFiles)
  })
}
