/** registerSecretsIpc: a pair's node secrets in the keychain (set, clear, has; never read back). */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Registrar } from './handle'

export function registerSecretsIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.secretsSet, async (a) => (await s.secrets.set(a), { ok: true as const }))
  handle(r, IPC.secretsClear, async (a) => (await s.secrets.clear(a), { ok: true as const }))
  handle(r, IPC.secretsHas, async (a) => ({ has: await s.secrets.has(a) }))
}
