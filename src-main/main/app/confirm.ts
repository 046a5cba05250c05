/**
 * Confirmations main asks itself, outside the renderer: trusting a host key seen for the first time,
 * replacing a CHANGED host-key pin and running a destructive fix. The renderer's own dialogs come first (typed host name, typed pair name); then main
 * shows this one, which a compromised renderer can neither draw nor answer. Electron implements
 * ConfirmHost with its native message box (electron/window.ts), the e2e bridge with a hook the tests drive; both
 * show `confirmText(req)`.
 */
export interface ReplaceHostKeyRequest {
  kind: 'replace-host-key'
  host: string
  port: number
  /** the algorithm of the key offered now */
  keyType: string
  /** the fingerprint offered now (SHA256:…) */
  offered: string
  /** the fingerprint pinned until now, and its algorithm / first-seen date when known */
  pinned: string
  pinnedKeyType?: string
  pinnedSince?: string
  /** saved pairs that connect to host:port */
  pairs: string[]
}

/** The first trust of a host key (nothing pinned for host:port yet): stored passwords go where it is pinned. */
export interface TrustHostKeyRequest {
  kind: 'trust-host-key'
  host: string
  port: number
  keyType: string
  /** the fingerprint offered (SHA256:…) */
  offered: string
  /** saved pairs that connect to host:port */
  pairs: string[]
}

export interface DestructiveFixRequest {
  kind: 'destructive-fix'
  pairName: string
  title: string
  /** the nodes the fix acts on, e.g. "secondary admin@10.0.0.2:22" */
  nodes: string[]
  /** what is destroyed, in words (the plan's `destroys`) */
  destroys: string[]
  /** backups the plan keeps (or deletes, when there is no room) */
  backups: string[]
}

export type ConfirmRequest = TrustHostKeyRequest | ReplaceHostKeyRequest | DestructiveFixRequest

export interface ConfirmHost {
  /** true only when the admin chose the confirming button; closing or cancelling is false */
  confirm(req: ConfirmRequest): Promise<boolean>
}

/** A host that can show no dialog: every confirmation is refused. */
export const NO_CONFIRM: ConfirmHost = { confirm: async () => false }

export interface ConfirmText {
  title: string
  message: string
  detail: string
  confirmLabel: string
  cancelLabel: string
}

/** The words of the dialog, the same in Electron and in the bridge. */
export function confirmText(req: ConfirmRequest): ConfirmText {
  if (req.kind === 'trust-host-key') {
    const target = `${req.host}:${req.port}`
    return {
      title: 'Trust a new host key',
      message: `Trust the host key of ${target}?`,
      detail: [
        `Host: ${target}${req.pairs.length ? ` (${req.pairs.join(', ')})` : ' (no saved pair uses it yet)'}`,
        `Offered: ${req.offered} ${req.keyType}`,
        '',
        'Once trusted, this program logs in to this host with the stored passwords (and a password given for',
        "many pairs on the command line). Trust it only after checking the fingerprint on the node's console",
        '(ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub).'
      ].join('\n'),
      confirmLabel: 'Trust this key',
      cancelLabel: 'Cancel'
    }
  }
  if (req.kind === 'replace-host-key') {
    const target = `${req.host}:${req.port}`
    return {
      title: 'Replace a pinned host key',
      message: `The host key of ${target} has CHANGED. Replace the pinned key?`,
      detail: [
        `Host: ${target}${req.pairs.length ? ` (${req.pairs.join(', ')})` : ''}`,
        `Pinned (old): ${req.pinned}${req.pinnedKeyType ? ` ${req.pinnedKeyType}` : ''}${req.pinnedSince ? `, trusted since ${req.pinnedSince}` : ''}`,
        `Offered (new): ${req.offered} ${req.keyType}`,
        '',
        'Either the node was reinstalled, or someone is intercepting the connection and would receive the',
        "stored passwords. Replace it only after checking the new fingerprint on the node's console",
        '(ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub). The old pin is deleted.'
      ].join('\n'),
      confirmLabel: 'Replace the pin',
      cancelLabel: 'Keep the old pin'
    }
  }
  return {
    title: 'Confirm a destructive fix',
    message: `${req.title} on "${req.pairName}"?`,
    detail: [
      `Pair: ${req.pairName}`,
      ...req.nodes.map((n) => `Node: ${n}`),
      '',
      'This destroys:',
      ...(req.destroys.length ? req.destroys.map((d) => `  • ${d}`) : ['  • (nothing listed)']),
      ...(req.backups.length ? ['', 'Backups:', ...req.backups.map((b) => `  • ${b}`)] : [])
    ].join('\n'),
    confirmLabel: 'Run the fix',
    cancelLabel: 'Cancel'
  }
}
