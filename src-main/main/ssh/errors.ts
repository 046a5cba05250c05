/**
 * SSH failures as one-line reasons a person can act on. Host-key problems are their own classes so the
 * UI can show a loud warning and the CLI the way forward.
 */
import type { Endpoint } from '../../shared/domain/pair'

export class HostKeyChangedError extends Error {
  readonly code = 'HOST_KEY_CHANGED'
  constructor(
    readonly host: string,
    readonly port: number,
    readonly pinned: string,
    readonly offered: string
  ) {
    super(
      `host key of ${host}:${port} CHANGED: pinned ${pinned}, offered ${offered} — refused. If the node was reinstalled, verify the new fingerprint on its console (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and replace the pin (app: Review host keys, then type the host name; CLI: delete its line from the known-hosts file)`
    )
  }
}

export class HostKeyUnknownError extends Error {
  readonly code = 'HOST_KEY_UNKNOWN'
  constructor(
    readonly host: string,
    readonly port: number,
    readonly offered: string
  ) {
    super(
      `host key of ${host}:${port} is not pinned yet (${offered}): confirm it in the app (Review host keys / Test connection) or pass --accept-new-host-keys`
    )
  }
}

/** Turn whatever ssh2 or the socket threw into an Error with a one-line, actionable message. */
export function describeSshError(err: unknown, ep: Endpoint): Error {
  if (err instanceof HostKeyChangedError || err instanceof HostKeyUnknownError) return err
  const e = err as NodeJS.ErrnoException & { level?: string }
  const where = `${ep.host}:${ep.port}`
  const msg = String(e?.message ?? err)
  const code = e?.code ?? ''
  let text: string
  if (code === 'ECONNREFUSED') text = `connection refused by ${where} (is sshd running and the port right?)`
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') text = `cannot resolve host name ${ep.host}`
  else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') text = `${where} is unreachable (no route to host)`
  else if (code === 'ETIMEDOUT' || /Timed out while waiting for handshake/i.test(msg))
    text = `no SSH answer from ${where} in time (firewall, wrong address, or the host is down)`
  else if (code === 'ECONNRESET') text = `connection to ${where} was reset during the handshake`
  else if (/All configured authentication methods failed/i.test(msg))
    text = `authentication refused for ${ep.user}@${where} (method: ${ep.auth})`
  else if (/no matching (key exchange|host key|cipher|mac)/i.test(msg) || /Handshake failed/i.test(msg))
    text = `${where} offers only weak/legacy SSH algorithms (${msg.replace(/^Handshake failed: /, '')}); if you accept the risk, enable "allow legacy algorithms" for this pair (CLI: --allow-legacy-algorithms)`
  else if (/Encrypted private OpenSSH key detected, but no passphrase given|bad passphrase|Cannot parse privateKey/i.test(msg))
    text = `cannot use the private key for ${ep.user}@${where}: ${msg}`
  else if (msg === 'cancelled') text = 'cancelled'
  else text = `SSH to ${where} failed: ${msg.split('\n')[0]}`
  const out = new Error(text)
  ;(out as NodeJS.ErrnoException).code = code || undefined
  return out
}
