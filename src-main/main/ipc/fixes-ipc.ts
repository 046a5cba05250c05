/** registerFixesIpc: plan and apply a fix (its output pushed as fix:output). */
import { IPC } from '../../shared/ipc-contract'
import type { AppServices } from '../app/services'
import { handle, type Emit, type Registrar } from './handle'

export function registerFixesIpc(r: Registrar, s: AppServices, emit: Emit): void {
  handle(r, IPC.fixesPlan, ({ pairId, fixId, runId, options }) => s.fixes.planFix(pairId, fixId, runId, options))
  handle(r, IPC.fixesApply, (a) =>
    s.fixes.applyFix(a, (line, node, stream) => emit('fix:output', { pairId: a.pairId, line, node, stream }))
  )
}
