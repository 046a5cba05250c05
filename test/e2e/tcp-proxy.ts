/**
 * A loopback TCP forwarder whose target can be switched: the pair keeps one host:port while the SSH
 * server behind it changes — what a reinstalled node (or a man in the middle) looks like to the client.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  host: string
  port: number
  /** new connections go to this target from now on */
  retarget(host: string, port: number): void
  close(): Promise<void>
}

export async function startTcpProxy(target: { host: string; port: number }, host = '127.0.0.1'): Promise<TcpProxy> {
  let to = { ...target }
  const sockets = new Set<Socket>()
  const server: Server = createServer((inbound) => {
    const outbound = connect(to.port, to.host)
    for (const s of [inbound, outbound]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {
        inbound.destroy()
        outbound.destroy()
      })
    }
    inbound.pipe(outbound).pipe(inbound)
  })
  await new Promise<void>((ok) => server.listen(0, host, ok))
  const addr = server.address()
  return {
    host,
    port: typeof addr === 'object' && addr ? addr.port : 0,
    retarget(h, p) {
      to = { host: h, port: p }
    },
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((ok) => server.close(() => ok()))
    }
  }
}
