/**
 * What checks, probes and fixes depend on: something that runs one shell command on a node.
 * The ssh2 implementation lives in ssh2-connection.ts; tests may use a fake for single-function units.
 */
export interface ExecOptions {
  /** written to the command's stdin, then stdin is closed */
  stdin?: string
  /** kill the channel and reject after this long (default set by the connection) */
  timeoutMs?: number
  /**
   * the signal sent to the command before the channel is closed on cancel or timeout (default KILL). A command
   * that cleans up after itself (the probe: its processes and temp dir) asks for TERM, which it can catch.
   */
  cancelSignal?: 'TERM' | 'KILL' | 'HUP' | 'INT'
  signal?: AbortSignal
  /** live output (fix execution streams it to the UI) */
  onStdout?: (chunk: string) => void
  onStderr?: (chunk: string) => void
  /** keep at most this many bytes of stdout in the result (the rest is counted, not kept) */
  maxStdoutBytes?: number
  /**
   * receive at most this many bytes (stdout + stderr; default 16 MiB): at the cap the channel is closed and
   * the exec ends with what arrived, `cut` saying why. Live output callbacks see nothing past the cap.
   */
  maxOutputBytes?: number
}

export interface ExecResult {
  /** exit code; null when the channel closed without one (killed, dropped) */
  code: number | null
  signal?: string
  stdout: string
  stderr: string
  /** bytes received over the wire for this exec (stdout + stderr) */
  bytesIn: number
  truncated?: boolean
  /** set when the output reached the exec's byte cap and the channel was closed by this program */
  cut?: string
}

export interface SshExecutor {
  exec(command: string, options?: ExecOptions): Promise<ExecResult>
  /** SHA256 fingerprint of the node's host key, OpenSSH style: "SHA256:base64" */
  readonly hostKeySha256: string
  /** total bytes received on this connection */
  readonly bytesIn: number
  close(): void
}

/** The verdict of a host key against what is pinned. */
export type HostKeyDecision = 'match' | 'new' | 'changed'

/** Pinned host keys by `host:port` (SQLite in the app, a known_hosts file for the CLI). */
export interface HostKeyStore {
  get(host: string, port: number): string | undefined
  /** every fingerprint pinned for host:port (a host may have one key per type) */
  list?(host: string, port: number): string[]
  /** `keyBlob` (the raw public key) lets a known_hosts file store write an OpenSSH line */
  pin(host: string, port: number, sha256: string, keyType?: string, keyBlob?: Buffer): void
}
