/**
 * A hostile "node" for the output-bound tests, run as its own process (its memory is not the client's): an
 * ssh2 server on 127.0.0.1 that accepts any login and answers every command with up to 1 GiB of output,
 * written as fast as the client reads it, until the channel closes. To the probe (its command carries the
 * probe's frame marker) it sends a proper identity section, then a haSvr.cfg section that claims 10 bytes
 * and never ends (logged in as `section`: a closed haSvr.cfg section of 5 MiB); to anything else a 200 KiB
 * line without a newline, then endless short lines.
 * Prints `port=N` and `sent=BYTES` (per channel, when it ends) on stdout.
 */
import { Server, type ServerChannel } from 'ssh2'
import { ed25519KeyPair } from '../../src-main/simulator/keys'

const LIMIT = 1024 * 1024 * 1024

function pump(ch: ServerChannel, first: string, block: Buffer): void {
  let sent = 0
  let open = true
  ch.on('close', () => {
    open = false
    process.stdout.write(`sent=${sent}\n`)
  })
  const write = (): void => {
    while (open && sent < LIMIT) {
      const chunk = sent === 0 ? Buffer.from(first) : block
      sent += chunk.length
      if (!ch.write(chunk)) return void ch.once('drain', write)
    }
    if (open) {
      ch.exit(0)
      ch.end()
    }
  }
  write()
}

const line = Buffer.from(`${'junk from a hostile node '.repeat(4)}\n`)
const block = Buffer.concat(Array.from({ length: Math.floor(65536 / line.length) }, () => line))

/** login `section`: a probe answer whose haSvr.cfg section is 5 MiB (under the exec cap) and properly closed */
function bigSection(ch: ServerChannel, N: string): void {
  const body = Buffer.alloc(5 * 1024 * 1024, 'highAvail.junk yes\n')
  ch.write(
    `${N} identity begin@@\nuser=admin\nuid=0\nhost=hostile\nnow=${Math.floor(Date.now() / 1000)}\n${N} identity end rc=0@@\n${N} cfg.haSvr begin@@\nsize=10\n`
  )
  ch.write(body)
  ch.write(`\n${N} cfg.haSvr end rc=0@@\n`)
  ch.exit(0)
  ch.end()
}

const server = new Server({ hostKeys: [ed25519KeyPair().private] }, (client) => {
  let user = ''
  client.on('authentication', (ctx) => {
    user = ctx.username
    ctx.accept()
  })
  client.on('ready', () => {
    client.on('session', (accept) => {
      const session = accept()
      session.on('exec', (acc, _rej, info) => {
        const ch = acc()
        ch.on('data', () => {})
        const nonce = /@@NSMHAD-([0-9a-f]+)/.exec(info.command)?.[1]
        if (nonce && user === 'section') bigSection(ch, `@@NSMHAD-${nonce}`)
        else if (nonce) {
          const N = `@@NSMHAD-${nonce}`
          pump(
            ch,
            `${N} identity begin@@\nuser=admin\nuid=0\nhost=hostile\nnow=${Math.floor(Date.now() / 1000)}\n${N} identity end rc=0@@\n${N} cfg.haSvr begin@@\nsize=10\n`,
            block
          )
        } else pump(ch, 'x'.repeat(200 * 1024), block)
      })
    })
  })
  client.on('error', () => {})
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`port=${(server.address() as { port: number }).port}\n`)
})
