/** registerDemoIpc: the built-in demo pair over the simulator (start, switch scenario, stop, status). */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Registrar } from './handle'

export function registerDemoIpc(r: Registrar, s: AppServices): void {
  handle(r, IPC.demoStart, ({ scenario }) => s.demo.demoStart(scenario))
  handle(r, IPC.demoSwitch, ({ scenario }) => s.demo.demoSwitch(scenario))
  handle(r, IPC.demoStop, () => s.demo.demoStop())
  handle(r, IPC.demoStatus, () => s.demo.demoStatus())
}
