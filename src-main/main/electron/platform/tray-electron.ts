/** Electron's Tray behind TrayHost: the worst verdict's icon and tooltip; Open, Check all, Quit. */
import { Menu, Tray, nativeImage } from 'electron'
import { join } from 'node:path'
import type { TrayHost, TrayState, TrayVerdict } from '../../platform/tray'

export interface ElectronTrayActions {
  open(): void
  checkAll(): void
  quit(): void
}

/** `resources`: the app's resources/ folder (tray/<verdict>.png with its @2x). */
export function createElectronTray(resources: string, actions: ElectronTrayActions): TrayHost {
  const icon = (v: TrayVerdict): Electron.NativeImage => nativeImage.createFromPath(join(resources, 'tray', `${v}.png`))
  const tray = new Tray(icon('unknown'))
  tray.setToolTip('NSM HA Doctor')
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open NSM HA Doctor', click: actions.open },
      { label: 'Check all pairs', click: actions.checkAll },
      { type: 'separator' },
      { label: 'Quit', click: actions.quit }
    ])
  )
  tray.on('click', actions.open)
  let shown: TrayVerdict | undefined
  return {
    update(state: TrayState) {
      if (tray.isDestroyed()) return
      if (state.verdict !== shown) tray.setImage(icon(state.verdict))
      shown = state.verdict
      tray.setToolTip(state.tooltip)
    },
    dispose() {
      if (!tray.isDestroyed()) tray.destroy()
    }
  }
}
