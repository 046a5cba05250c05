/**
 * Desktop notifications behind a small interface: Electron's Notification in the app (electron/platform/notify-electron.ts),
 * a recorder in the e2e bridge. Nothing here imports Electron.
 */

/** One desktop notification; `pairId` is the pair a click opens (none: the fleet overview). */
export interface DesktopNotification {
  title: string
  body: string
  pairId?: number
}

export interface NotificationHost {
  /** show it; `onClick` runs when the admin clicks it */
  show(n: DesktopNotification, onClick: () => void): void
}

/** A host that keeps every notification (tests and hosts without a desktop); `click(i)` acts as a click. */
export class RecordingNotifications implements NotificationHost {
  readonly shown: (DesktopNotification & { click(): void })[] = []

  show(n: DesktopNotification, onClick: () => void): void {
    this.shown.push({ ...n, click: onClick })
  }
}
