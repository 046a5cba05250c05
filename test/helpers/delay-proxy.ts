/**
 * A small TCP proxy on a loopback address that adds a fixed one-way delay to every chunk in both
 * directions (a stand-in for `tc netem`, which needs privileges this machine does not have). Used by the
 * benchmarks (20 ms / 100 ms round trip) and by the fault tests (cut a connection mid-probe, drop after
 * N bytes, refuse new connections).
 *
 * The delay is per chunk and keeps order: every chunk is held `oneWayMs` then written. Bandwidth is not
 * limited (loopback speed), which is what the benchmarks want: latency dominates an SSH check.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'

export interface DelayProxyOptions {
  /** where connections go */
  target: { host: string; port: number }
  /** one-way delay in ms added to each chunk in each direction (round trip = 2x); default 0 */
  oneWayMs?: number
  /** address to listen on; default 127.0.0.1 (port is always chosen by the OS) */
  host?: string
  /** cut a connection (both sockets destroyed) once this many bytes went from target to client */
  dropAfterDownBytes?: number
}

export interface DelayProxy {
  host: string
  port: number
  /** bytes target → client / client → target, all connections together */
  readonly bytesDown: number
  readonly bytesUp: number
  /** connections accepted so far */
  readonly connections: number
  /** send new connections somewhere else (a node replaced behind the same address: host key change) */
  setTarget(target: { host: string; port: number }): void
  /** change the delay for chunks from now on */
  setDelay(oneWayMs: number): void
  /** destroy every open connection now (a dropped link); the proxy keeps listening */
  cutAll(): void
  /** when true, new connections are accepted then destroyed at once (an unreachable peer behind a NAT) */
  refuseNew(refuse: boolean): void
  close(): Promise<void>
}

interface Pipe {
  client: Socket
  upstream: Socket
}

export function startDelayProxy(opts: DelayProxyOptions): Promise<DelayProxy> {
  let oneWayMs = Math.max(0, opts.oneWayMs ?? 0)
  let target = { ...opts.target }
  let bytesDown = 0
  let bytesUp = 0
  let connections = 0
  let refusing = false
  const pipes = new Set<Pipe>()
  const timers = new Set<NodeJS.Timeout>()

  const forward = (from: Socket, to: Socket, count: (n: number) => void): void => {
    from.on('data', (chunk: Buffer) => {
      count(chunk.length)
      if (oneWayMs === 0) {
        if (!to.destroyed) to.write(chunk)
        return
      }
      const t = setTimeout(() => {
        timers.delete(t)
        if (!to.destroyed) to.write(chunk)
      }, oneWayMs)
      timers.add(t)
    })
    from.on('end', () => {
      const t = setTimeout(() => {
        timers.delete(t)
        if (!to.destroyed) to.end()
      }, oneWayMs)
      timers.add(t)
    })
  }

  const server: Server = createServer((client) => {
    connections++
    if (refusing) {
      client.destroy()
      return
    }
    client.setNoDelay(true)
    const upstream = connect({ host: target.host, port: target.port })
    upstream.setNoDelay(true)
    const pipe: Pipe = { client, upstream }
    pipes.add(pipe)
    let down = 0
    const kill = (): void => {
      pipes.delete(pipe)
      client.destroy()
      upstream.destroy()
    }
    forward(client, upstream, (n) => (bytesUp += n))
    forward(upstream, client, (n) => {
      bytesDown += n
      down += n
      if (opts.dropAfterDownBytes !== undefined && down >= opts.dropAfterDownBytes) setImmediate(kill)
    })
    client.on('error', kill)
    upstream.on('error', kill)
    client.on('close', () => setTimeout(kill, oneWayMs))
    upstream.on('close', () => setTimeout(kill, oneWayMs))
  })

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, opts.host ?? '127.0.0.1', () => {
      const addr = server.address() as AddressInfo
      resolve({
        host: addr.address,
        port: addr.port,
        get bytesDown() {
          return bytesDown
        },
        get bytesUp() {
          return bytesUp
        },
        get connections() {
          return connections
        },
        setTarget(t: { host: string; port: number }) {
          target = { ...t }
        },
        setDelay(ms: number) {
          oneWayMs = Math.max(0, ms)
        },
        cutAll() {
          for (const p of [...pipes]) {
            pipes.delete(p)
            p.client.destroy()
            p.upstream.destroy()
          }
        },
        refuseNew(refuse: boolean) {
          refusing = refuse
        },
        close() {
          for (const t of timers) clearTimeout(t)
          timers.clear()
          for (const p of [...pipes]) {
            p.client.destroy()
            p.upstream.destroy()
          }
          pipes.clear()
          return new Promise<void>((res) => server.close(() => res()))
        }
      })
    })
  })
}
