/**
 * A minimal real SSH executor (ssh2 client) for the scenario matrix, used until TRANSPORT's ssh2 executor
 * (src-main/main/ssh) is in the tree. It is not a fake: every probe crosses a real SSH connection.
 */
import { createHash } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import { Client } from 'ssh2'
import type { ExecOptions, ExecResult, SshExecutor } from '../../src-main/main/ssh/executor'

export async function connectTestSsh(opts: { host: string; port: number; user: string; password?: string; privateKey?: string }): Promise<SshExecutor> {
  const client = new Client()
  let hostKey = ''
  let total = 0
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve())
    client.once('error', reject)
    client.connect({
      host: opts.host,
      port: opts.port,
      username: opts.user,
      password: opts.password,
      privateKey: opts.privateKey,
      readyTimeout: 20_000,
      hostVerifier: (key: Buffer) => {
        hostKey = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
        return true
      }
    })
  })
  return {
    get hostKeySha256() {
      return hostKey
    },
    get bytesIn() {
      return total
    },
    close: () => client.end(),
    exec(command: string, o: ExecOptions = {}): Promise<ExecResult> {
      return new Promise((resolve, reject) => {
        client.exec(command, (err, stream) => {
          if (err) return reject(err)
          let stdout = ''
          let stderr = ''
          let bytes = 0
          const out = new StringDecoder('utf8')
          const errDec = new StringDecoder('utf8')
          const timer = o.timeoutMs ? setTimeout(() => stream.close(), o.timeoutMs) : undefined
          stream.on('data', (c: Buffer) => {
            bytes += c.length
            const s = out.write(c)
            stdout += s
            o.onStdout?.(s)
          })
          stream.stderr.on('data', (c: Buffer) => {
            bytes += c.length
            stderr += errDec.write(c)
          })
          stream.on('close', (code: number | null, signal?: string) => {
            if (timer) clearTimeout(timer)
            stdout += out.end()
            stderr += errDec.end()
            total += bytes
            resolve({ code: code ?? null, signal, stdout, stderr, bytesIn: bytes })
          })
          if (o.stdin !== undefined) stream.end(o.stdin)
          else stream.end()
        })
      })
    }
  }
}
