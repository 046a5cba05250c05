/**
 * Attack: another local user (or any local process) logs in to the demo pair — which runs a real /bin/sh as
 * the app's user — with the well-known password, by guessing, or uses it to reach other addresses through
 * direct-tcpip. Each demo start has its own random password (kept in memory) and key; its SSH servers
 * forward only to the pair's own servers and refuse every other channel, subsystem and global request.
 */
import { spawn } from 'node:child_process'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from 'ssh2'
import { startSimPair, type SimPair } from '../../src-main/simulator/index'
import { ed25519KeyPair } from '../../src-main/simulator/keys'
import { login, tryLogin, type NodeSession } from '../simulator/ssh'

/** Login attempts from a separate process (plain ssh2, no code of the app): one JSON result per attempt. */
function loginFromAnotherProcess(
  host: string,
  port: number,
  attempts: { user: string; password?: string; key?: string }[]
): Promise<string[]> {
  const script = `
const { Client } = require('ssh2')
const attempts = JSON.parse(process.argv[1])
;(async () => {
  const out = []
  for (const a of attempts) {
    out.push(await new Promise((resolve) => {
      const c = new Client()
      c.once('ready', () => { c.end(); resolve('LOGGED IN') })
      c.once('error', (e) => resolve('refused: ' + e.message))
      c.connect({ host: ${JSON.stringify(host)}, port: ${port}, username: a.user, password: a.password, privateKey: a.key, tryKeyboard: false, readyTimeout: 20000 })
    }))
  }
  process.stdout.write(JSON.stringify(out))
})()`
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, JSON.stringify(attempts)], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`login child exited ${code}: ${err}`))
    )
  })
}

function forward(client: Client, host: string, port: number): Promise<string> {
  return new Promise((resolve) =>
    client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
      if (err) return resolve(`refused: ${err.message}`)
      stream.end()
      resolve('OPENED')
    })
  )
}

describe('the demo pair refuses other local users', () => {
  let pair: SimPair
  let other: Server
  let otherPort = 0
  let admin: NodeSession
  const connected: string[] = []

  beforeAll(async () => {
    pair = await startSimPair()
    other = createServer((s) => {
      connected.push('connected')
      s.end('private service\n')
    })
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()))
    otherPort = (other.address() as AddressInfo).port
    admin = await login(pair.primary)
  })
  afterAll(async () => {
    admin?.close()
    await new Promise<void>((r) => other?.close(() => r()))
    await pair?.stop()
  })

  it('each start has its own random password: the old fixed one and guesses get nothing', async () => {
    const p = pair.primary
    const guesses = ['nsm-demo', 'admin', 'password', 'demo', 'nsm', 'netscreen', '']
    const stranger = ed25519KeyPair('stranger').private
    for (const node of [pair.primary, pair.secondary]) {
      const results = await loginFromAnotherProcess(node.host, node.port, [
        ...guesses.map((password) => ({ user: node.user, password })),
        ...guesses.slice(0, 2).map((password) => ({ user: 'root', password })),
        { user: node.user, key: stranger }
      ])
      expect(results).toHaveLength(guesses.length + 3)
      for (const r of results) expect(r).toMatch(/^refused: All configured authentication methods failed/)
    }
    expect(p.password).not.toBe('nsm-demo')
    expect(p.password.length).toBeGreaterThanOrEqual(20)
    const second = await startSimPair()
    try {
      expect(second.primary.password).not.toBe(p.password)
    } finally {
      await second.stop()
    }
    // the app, holding the secret in memory, still gets in
    expect(await tryLogin({ host: p.host, port: p.port, username: p.user, password: p.password })).toBeUndefined()
  })

  it('direct-tcpip reaches only the pair’s own SSH servers', async () => {
    expect(await forward(admin.client, pair.secondary.host, pair.secondary.port)).toBe('OPENED')
    expect(await forward(admin.client, '127.0.0.1', otherPort)).toMatch(/^refused/)
    expect(await forward(admin.client, pair.secondary.host, otherPort)).toMatch(/^refused/)
    expect(await forward(admin.client, 'localhost', otherPort)).toMatch(/^refused/)
    expect(connected).toEqual([])
  })

  it('refuses port forwarding requests, unix-socket forwarding, subsystems, X11 and agent forwarding', async () => {
    const c = admin.client
    const listen = await new Promise<string>((resolve) =>
      c.forwardIn('127.0.0.1', 0, (err) => resolve(err ? `refused: ${err.message}` : 'LISTENING'))
    )
    expect(listen).toMatch(/^refused/)
    const sock = await new Promise<string>((resolve) =>
      c.openssh_forwardOutStreamLocal('/run/dbus/system_bus_socket', (err) => resolve(err ? `refused: ${err.message}` : 'OPENED'))
    )
    expect(sock).toMatch(/^refused/)
    const sftp = await new Promise<string>((resolve) => c.sftp((err) => resolve(err ? `refused: ${err.message}` : 'OPENED')))
    expect(sftp).toMatch(/^refused/)
    const x11 = await new Promise<string>((resolve) =>
      c.exec('true', { x11: true }, (err, ch) => {
        if (err) return resolve(`refused: ${err.message}`)
        ch.on('close', () => resolve('RAN'))
        ch.resume()
      })
    )
    expect(x11).toMatch(/^refused/)
  })
})
