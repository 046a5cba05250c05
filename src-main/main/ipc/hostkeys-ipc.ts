/** registerHostKeysIpc: pinning a node's host key (after main's own confirmation when it replaces a pin). */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Registrar } from './handle'

export function registerHostKeysIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.hostkeysTrust, (a) => s.hostKeys.trust(a))
}
