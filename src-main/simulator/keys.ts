/**
 * ed25519 key pairs for the simulator and tests. ssh2's generateKeyPairSync('ed25519') strips leading zero
 * bytes from the public key, so about 1 pair in 256 cannot be parsed back by ssh2 itself
 * (mscdex/ssh2#1390, #1513): "Malformed OpenSSH private/public key". Generate until both halves parse.
 */
import { utils } from 'ssh2'

export interface KeyPair {
  private: string
  public: string
}

export function ed25519KeyPair(comment?: string): KeyPair {
  for (let i = 0; ; i++) {
    const k = utils.generateKeyPairSync('ed25519', comment === undefined ? undefined : { comment })
    if (!(utils.parseKey(k.private) instanceof Error) && !(utils.parseKey(k.public) instanceof Error)) return k
    if (i >= 50) throw new Error('could not generate a parseable ed25519 key pair')
  }
}
