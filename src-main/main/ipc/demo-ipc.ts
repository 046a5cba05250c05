/** registerDemoIpc: the built-in demo pair over the simulator (start, switch scenario, stop, status). */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Registrar } from './handle'

export function registerDemoIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.demoStart, ({ scenario }) => s.demoStart(scenario))
  handle(r, IPC.demoSwitch, ({ scenario }) => s.demoSwitch(scenario))
  handle(r, IPC.demoStop, () => s.demoStop())
  handle(r, IPC.demoStatus, () => s.demoStatus())
}
