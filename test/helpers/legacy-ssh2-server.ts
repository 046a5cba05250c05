/**
 * An ssh2 server on 127.0.0.1:0 that offers only what a 2008-era appliance does (SHA-1 key exchange and
 * MAC, CBC cipher, ssh-rsa host key) and accepts any login: the target of the legacy-algorithms tests.
 */
import { Server, utils } from 'ssh2'

export async function startLegacyOnlySsh2Server(): Promise<{ port: number; close(): void }> {
  const hostKey = utils.generateKeyPairSync('rsa', { bits: 2048 }).private
  const server = new Server(
    {
      hostKeys: [hostKey],
      algorithms: { kex: ['diffie-hellman-group14-sha1'], serverHostKey: ['ssh-rsa'], cipher: ['aes128-cbc'], hmac: ['hmac-sha1'] }
    },
    (client) => {
      client.on('authentication', (ctx) => ctx.accept())
      client.on('error', () => {})
    }
  )
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return { port: (server.address() as { port: number }).port, close: () => void server.close() }
}
