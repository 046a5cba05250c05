/** Electron's Notification behind NotificationHost (nothing shown where the desktop has no notifications). */
import { Notification } from 'electron'
import type { DesktopNotification, NotificationHost } from '../../platform/notify'

export function createElectronNotifications(icon?: string): NotificationHost {
  // keep shown notifications referenced until closed, so their click handler is not collected
  const live = new Set<Notification>()
  return {
    show(n: DesktopNotification, onClick: () => void) {
      if (!Notification.isSupported()) return
      const note = new Notification({ title: n.title, body: n.body, ...(icon ? { icon } : {}) })
      live.add(note)
      note.on('click', () => {
        live.delete(note)
        onClick()
      })
      note.on('close', () => live.delete(note))
      note.show()
    }
  }
}
