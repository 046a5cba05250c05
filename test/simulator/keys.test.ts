/**
 * ssh2 generates an unparseable ed25519 pair about once in 256 (leading zero bytes stripped from the
 * public key; mscdex/ssh2#1390, #1513). The simulator's generator must never hand one out: at 3,000 pairs
 * a generator without the check would fail here with near certainty (1 - (255/256)^3000 > 0.99999).
 */
import { describe, expect, it } from 'vitest'
import { utils } from 'ssh2'
import { ed25519KeyPair } from '../../src-main/simulator/keys'

describe('simulator ed25519 keys', () => {
  it('every generated pair parses back (private and public) and is ed25519', () => {
    const bad: string[] = []
    for (let i = 0; i < 3000; i++) {
      const k = ed25519KeyPair(i % 2 ? 'c' : undefined)
      const priv = utils.parseKey(k.private)
      const pub = utils.parseKey(k.public)
      if (priv instanceof Error || pub instanceof Error)
        bad.push(`${i}: ${priv instanceof Error ? priv.message : ''} ${pub instanceof Error ? pub.message : ''}`)
      else if (priv.type !== 'ssh-ed25519') bad.push(`${i}: type ${priv.type}`)
    }
    expect(bad).toEqual([])
  })
})
