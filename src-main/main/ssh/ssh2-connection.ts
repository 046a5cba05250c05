/**
 * The ssh2 implementation of SshExecutor: password, private key (with passphrase) or ssh-agent auth,
 * optional jump host, sudo, connect/exec timeouts, keepalive, cancellation, bounded output, and host keys
 * pinned on first use and refused when changed. Errors become one-line reasons (errors.ts).
 */
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { Duplex } from 'node:stream'
import { Client, type ConnectConfig } from 'ssh2'
import type { Endpoint, NodeEndpoint } from '../../shared/domain/pair'
import { shQuote } from '../shell/quote'
import { HostKeyChangedError, HostKeyUnknownError, describeSshError } from './errors'
import type { ExecOptions, ExecResult, HostKeyStore, SshExecutor } from './executor'
import { humanBytes } from '../../shared/bytes'

/** Modern algorithms only; a server offering nothing else is refused unless legacy is allowed. */
export const MODERN_ALGORITHMS = {
  kex: [
    'curve25519-sha256',
    'curve25519-sha256@libssh.org',
    'ecdh-sha2-nistp256',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521',
    'diffie-hellman-group-exchange-sha256',
    'diffie-hellman-group14-sha256',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group18-sha512'
  ],
  cipher: ['chacha20-poly1305@openssh.com', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'],
  serverHostKey: ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256'],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512']
}

/** What old NSM appliances (RHEL/CentOS 5 era OpenSSH) may still need, appended when allowed. */
export const LEGACY_ALGORITHMS = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  cipher: ['aes128-cbc', 'aes256-cbc', '3des-cbc'],
  serverHostKey: ['ssh-rsa', 'ssh-dss'],
  hmac: ['hmac-sha1']
}

export interface NodeSecrets {
  password?: string
  passphrase?: string
  sudoPassword?: string
}

export interface ConnectOptions {
  endpoint: NodeEndpoint
  secrets?: NodeSecrets
  jumpHost?: Endpoint
  jumpSecrets?: NodeSecrets
  hostKeys: HostKeyStore
  /** pin a host key seen for the first time: true, false, or ask (the app's confirmation dialog) */
  acceptNewHostKey: boolean | ((host: string, port: number, sha256: string, keyType: string, key: Buffer) => Promise<boolean>)
  allowLegacyAlgorithms?: boolean
  connectTimeoutMs?: number
  /** default per-exec timeout */
  execTimeoutMs?: number
  signal?: AbortSignal
}

export function sha256OfKey(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
}

function algorithms(legacy: boolean): ConnectConfig['algorithms'] {
  if (!legacy) return MODERN_ALGORITHMS as ConnectConfig['algorithms']
  return {
    kex: [...MODERN_ALGORITHMS.kex, ...LEGACY_ALGORITHMS.kex],
    cipher: [...MODERN_ALGORITHMS.cipher, ...LEGACY_ALGORITHMS.cipher],
    serverHostKey: [...MODERN_ALGORITHMS.serverHostKey, ...LEGACY_ALGORITHMS.serverHostKey],
    hmac: [...MODERN_ALGORITHMS.hmac, ...LEGACY_ALGORITHMS.hmac]
  } as ConnectConfig['algorithms']
}

/** a password prompt of a PAM module that sudo shows instead of its own (`Password: `, `Enter passcode:`) */
const SUDO_PAM_PROMPT = /(?:password|passcode|passphrase)[^\n]{0,200}:[ \t]*$/i

/** stdout kept in an exec's result unless the caller asks otherwise (the rest is counted, not kept) */
export const DEFAULT_MAX_STDOUT_BYTES = 8 * 1024 * 1024
/** bytes (stdout + stderr) one exec may receive unless the caller asks otherwise; at the cap the channel is closed */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024

/** A private key file is small: OpenSSH's largest (RSA 16384 bit, encrypted) is under 16 KiB. */
export const MAX_KEY_FILE_BYTES = 64 * 1024

/**
 * Read a private key file, refusing anything but a regular file of at most 64 KiB: a FIFO would block the
 * process, a device (/dev/zero) or a huge file would fill its memory. The file is opened without blocking and
 * checked on the open descriptor, so it cannot be swapped between the check and the read.
 */
export function readPrivateKeyFile(path: string): Buffer {
  const refuse = (why: string): Error =>
    new Error(`private key ${path} refused: ${why} (a private key must be a regular file of at most 64 KiB)`)
  let fd: number
  try {
    fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0))
  } catch (e) {
    throw new Error(`cannot read private key ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile())
      throw refuse(
        st.isDirectory()
          ? 'it is a directory'
          : st.isFIFO()
            ? 'it is a named pipe'
            : st.isCharacterDevice() || st.isBlockDevice()
              ? 'it is a device'
              : 'it is not a regular file'
      )
    if (st.size > MAX_KEY_FILE_BYTES) throw refuse(`it is ${st.size} bytes`)
    const buf = Buffer.alloc(MAX_KEY_FILE_BYTES + 1)
    let n = 0
    for (let r; n < buf.length && (r = readSync(fd, buf, n, buf.length - n, null)) > 0;) n += r
    if (n > MAX_KEY_FILE_BYTES) throw refuse('it grew past 64 KiB while being read')
    return buf.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}

interface Opened {
  client: Client
  hostKeySha256: string
}

/** Open one authenticated ssh2 client (optionally over `sock`), verifying the host key. */
async function open(ep: Endpoint, secrets: NodeSecrets, o: ConnectOptions, sock?: Duplex): Promise<Opened> {
  const client = new Client()
  let offered = ''
  let keyType = ''
  let keyProblem: Error | undefined
  let pendingPin: (() => void) | undefined
  const cfg: ConnectConfig = {
    host: ep.host,
    port: ep.port,
    username: ep.user,
    sock,
    readyTimeout: o.connectTimeoutMs ?? 15_000,
    keepaliveInterval: 15_000,
    keepaliveCountMax: 3,
    algorithms: algorithms(o.allowLegacyAlgorithms ?? false),
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      offered = sha256OfKey(key)
      keyType = key.length > 8 ? key.subarray(4, 4 + key.readUInt32BE(0)).toString('latin1') : ''
      const pinned = o.hostKeys.list?.(ep.host, ep.port) ?? [o.hostKeys.get(ep.host, ep.port)].filter((k): k is string => !!k)
      if (pinned.includes(offered)) return verify(true)
      if (pinned.length > 0) {
        keyProblem = new HostKeyChangedError(ep.host, ep.port, pinned[0], offered)
        return verify(false)
      }
      const pin = (): void => o.hostKeys.pin(ep.host, ep.port, offered, keyType, key)
      if (o.acceptNewHostKey === true) {
        pendingPin = pin
        return verify(true)
      }
      if (o.acceptNewHostKey === false) {
        keyProblem = new HostKeyUnknownError(ep.host, ep.port, offered)
        return verify(false)
      }
      o.acceptNewHostKey(ep.host, ep.port, offered, keyType, key).then(
        (ok) => {
          if (ok) pendingPin = pin
          else keyProblem = new HostKeyUnknownError(ep.host, ep.port, offered)
          verify(ok)
        },
        () => verify(false)
      )
    }
  }
  if (ep.auth === 'password') cfg.password = secrets.password ?? ''
  if (ep.auth === 'key') {
    if (!ep.identityFile) throw new Error(`no private key file set for ${ep.user}@${ep.host}`)
    cfg.privateKey = readPrivateKeyFile(ep.identityFile)
    if (secrets.passphrase) cfg.passphrase = secrets.passphrase
  }
  if (ep.auth === 'agent') {
    if (!process.env.SSH_AUTH_SOCK) throw new Error('no ssh-agent: SSH_AUTH_SOCK is not set')
    cfg.agent = process.env.SSH_AUTH_SOCK
  }
  const onAbort = (): void => void client.end()
  o.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve())
      client.on('error', (err) => reject(keyProblem ?? err))
      client.once('close', () =>
        reject(keyProblem ?? new Error(o.signal?.aborted ? 'cancelled' : 'connection closed during the handshake'))
      )
      try {
        client.connect(cfg)
      } catch (err) {
        reject(err)
      }
    })
  } catch (err) {
    client.end()
    throw describeSshError(err, ep)
  } finally {
    o.signal?.removeEventListener('abort', onAbort)
  }
  pendingPin?.()
  return { client, hostKeySha256: offered }
}

/**
 * How a command is wrapped for sudo when the login user is not root and the node asks for it.
 * - `sudo`: `sudo -n` (never prompts; no password is ever sent).
 * - `sudo-password`: `sudo -S` with a one-time prompt text, and the root shell first prints a one-time
 *   "ready" line on stderr. The password is written to the channel only after sudo's own prompt appeared,
 *   and only once; the command's stdin only after the ready line. So when sudo does not ask (NOPASSWD,
 *   cached credentials) the command never reads the password (it once became the HMAC key in haSvr.cfg).
 */
export interface SudoWrapped {
  command: string
  /** sudo's prompt (stderr) after which the password is sent */
  prompt?: string
  /** the line (stderr) the root shell prints before the command runs */
  ready?: string
}

export function sudoWrap(ep: NodeEndpoint, command: string, nonce = randomBytes(8).toString('hex')): SudoWrapped {
  if (ep.user === 'root' || ep.sudo === 'none') return { command }
  if (ep.sudo === 'sudo') return { command: `sudo -n sh -c ${shQuote(command)}` }
  // no '%' in the prompt: sudo expands %-escapes in it
  const prompt = `[nsmhad-sudo-${nonce}] password:`
  const ready = `nsmhad-ready-${nonce}`
  return { command: `sudo -S -p ${shQuote(prompt)} sh -c ${shQuote(`printf '%s\\n' ${ready} >&2; ${command}`)}`, prompt, ready }
}

/** Connect to one node; resolves to an executor once authenticated and the host key is accepted. */
export async function connectNode(o: ConnectOptions): Promise<SshExecutor> {
  let jump: Opened | undefined
  let sock: Duplex | undefined
  if (o.jumpHost) {
    jump = await open(o.jumpHost, o.jumpSecrets ?? {}, o)
    const jc = jump.client
    sock = await new Promise<Duplex>((resolve, reject) =>
      jc.forwardOut('127.0.0.1', 0, o.endpoint.host, o.endpoint.port, (err, stream) =>
        err
          ? reject(new Error(`jump host ${o.jumpHost?.host} could not reach ${o.endpoint.host}:${o.endpoint.port}: ${err.message}`))
          : resolve(stream)
      )
    ).catch((e: unknown) => {
      jc.end()
      throw e
    })
  }
  let target: Opened
  try {
    target = await open(o.endpoint, o.secrets ?? {}, o, sock)
  } catch (e) {
    jump?.client.end()
    throw e
  }
  return new Ssh2Executor(target, o, jump?.client)
}

class Ssh2Executor implements SshExecutor {
  #client: Client
  #jump?: Client
  #bytesIn = 0
  #dropped?: Error
  #pending = new Set<(err: Error) => void>()
  readonly hostKeySha256: string

  constructor(
    opened: Opened,
    private readonly o: ConnectOptions,
    jump?: Client
  ) {
    this.#client = opened.client
    this.#jump = jump
    this.hostKeySha256 = opened.hostKeySha256
    const drop = (err?: Error): void => {
      const ep = o.endpoint
      this.#dropped ??= new Error(`connection to ${ep.host}:${ep.port} dropped${err ? ` (${err.message})` : ''}`)
      for (const fail of this.#pending) fail(this.#dropped)
    }
    this.#client.on('error', (err) => drop(err))
    this.#client.on('close', () => drop())
  }

  get bytesIn(): number {
    return this.#bytesIn
  }

  close(): void {
    this.#client.end()
    this.#jump?.end()
  }

  exec(command: string, eo: ExecOptions = {}): Promise<ExecResult> {
    const ep = this.o.endpoint
    if (this.#dropped) return Promise.reject(this.#dropped)
    const wrapped = sudoWrap(ep, command)
    const stdin = eo.stdin
    const timeoutMs = eo.timeoutMs ?? this.o.execTimeoutMs ?? 120_000
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false
      const finish = (err: Error | undefined, result?: ExecResult): void => {
        if (settled) return
        settled = true
        this.#pending.delete(fail)
        if (timer) clearTimeout(timer)
        eo.signal?.removeEventListener('abort', onAbort)
        if (err) reject(err)
        else resolve(result as ExecResult)
      }
      const fail = (err: Error): void => finish(err)
      this.#pending.add(fail)
      let channelClose: (() => void) | undefined
      const timer = setTimeout(() => {
        channelClose?.()
        finish(new Error(`command timed out after ${Math.round(timeoutMs / 1000)} s on ${ep.host}`))
      }, timeoutMs)
      const onAbort = (): void => {
        channelClose?.()
        finish(new Error('cancelled'))
      }
      eo.signal?.addEventListener('abort', onAbort, { once: true })
      this.#client.exec(wrapped.command, (err, ch) => {
        if (err) return finish(new Error(`cannot run a command on ${ep.host}: ${err.message}`))
        channelClose = () => {
          try {
            // OpenSSH delivers it to the command's process group (sshd 7.9 and later); the channel is closed
            // right after either way, and a command that writes learns it then
            ch.signal(eo.cancelSignal ?? 'KILL')
          } catch {
            // the server may not support signals
          }
          ch.close()
        }
        if (settled) return channelClose()
        const max = eo.maxStdoutBytes ?? DEFAULT_MAX_STDOUT_BYTES
        const hardMax = eo.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES
        const out = new StringDecoder('utf8')
        const errs = new StringDecoder('utf8')
        let stdout = ''
        let stderr = ''
        let kept = 0
        let bytes = 0
        let truncated = false
        let cut: string | undefined
        let code: number | null = null
        let signal: string | undefined
        const result = (): ExecResult => ({ code, signal, stdout, stderr, bytesIn: bytes, truncated, ...(cut ? { cut } : {}) })
        /**
         * Count `d` against the exec's byte cap; returns the part that may still be used. At the cap the
         * channel is closed here (a node cannot make this process hold more than the cap, whatever it sends
         * or claims about sizes) and the exec ends with what arrived, its result saying so.
         */
        const take = (d: Buffer): Buffer | undefined => {
          if (cut) return undefined
          const room = hardMax - bytes
          const part = d.length > room ? d.subarray(0, room) : d
          bytes += part.length
          this.#bytesIn += part.length
          if (d.length > room) {
            cut = `output passed ${humanBytes(hardMax)}: the channel was closed by this program (the node kept sending)`
            truncated = true
            setImmediate(() => {
              if (settled) return
              channelClose?.()
              stdout += out.end()
              stderr += errs.end()
              finish(undefined, result())
            })
          }
          return part
        }
        ch.on('data', (data: Buffer) => {
          const d = take(data)
          if (!d || d.length === 0) return
          const s = out.write(d)
          eo.onStdout?.(s)
          if (kept < max) {
            const room = max - kept
            stdout += d.length > room ? s.slice(0, room) : s
            kept += Math.min(d.length, room)
            if (d.length > room) truncated = true
          } else truncated = true
        })
        const addStderr = (s: string): void => {
          if (s === '') return
          eo.onStderr?.(s)
          if (stderr.length < 65_536) stderr += s
        }
        const endStdin = (): void => {
          try {
            if (stdin !== undefined) ch.end(stdin)
            else ch.end()
          } catch {
            // the channel closed meanwhile
          }
        }
        // sudo with a password: nothing is written to the channel until sudo prompts (then the password,
        // once) or the root shell prints its ready line (then the command's stdin)
        const sudo =
          wrapped.ready !== undefined && wrapped.prompt !== undefined
            ? { ready: `${wrapped.ready}\n`, prompt: wrapped.prompt, answered: false, seen: '', from: 0 }
            : undefined
        let gateOpen = sudo === undefined
        const sudoText = (text: string): string => (sudo ? text.split(sudo.prompt).join('') : text)
        ch.stderr.on('data', (data: Buffer) => {
          const d = take(data)
          if (!d || d.length === 0) return
          const s = errs.write(d)
          if (gateOpen || !sudo) return addStderr(s)
          sudo.seen += s
          const r = sudo.seen.indexOf(sudo.ready)
          if (r >= 0) {
            gateOpen = true
            addStderr(sudoText(sudo.seen.slice(0, r)))
            addStderr(sudo.seen.slice(r + sudo.ready.length))
            sudo.seen = ''
            return endStdin()
          }
          // before the ready line only sudo (or its PAM modules) writes here: our prompt, or — where PAM
          // supplies its own — a line left open that asks for a password
          const since = sudo.seen.slice(sudo.from)
          const asked = since.includes(sudo.prompt) || SUDO_PAM_PROMPT.test(since.slice(-300))
          const password = this.o.secrets?.sudoPassword
          if (asked && !sudo.answered && password !== undefined) {
            sudo.answered = true
            sudo.from = sudo.seen.length
            ch.write(`${password}\n`)
          } else if (asked || sudo.seen.length > 65_536) {
            // asked again (the password was refused), no password to give, or no ready line in sight: stop
            // here; sudo reads end-of-file and fails, and the command never starts
            try {
              ch.end()
            } catch {
              // closed meanwhile
            }
          }
        })
        ch.on('exit', (c: number | null, sig?: string) => {
          code = c
          signal = sig ?? undefined
        })
        ch.on('close', () => {
          if (settled) return
          stdout += out.end()
          if (sudo && !gateOpen) stderr += sudoText(sudo.seen + errs.end()).replace(/^\s+/, '')
          else stderr += errs.end()
          finish(undefined, result())
        })
        if (gateOpen) endStdin()
      })
    })
  }
}
