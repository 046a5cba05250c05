import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { openAppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { loadSavedPair } from '../../src-main/cli/saved-pair'
import { parseSshConfig } from '../../src-main/main/pairs/ssh-config'
import { PairValidationError } from '../../src-main/main/pairs/validate'
import { useTempDir } from '../db/temp'
import { LAB } from '../history/lab-pair'

const tempDir = useTempDir('nsmhad-pairs-')

describe('pair service', () => {
  it('creates, reads, updates and lists pairs; the salt is per pair and survives updates', async () => {
    const s = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      const a = s.pairs.save({
        ...LAB,
        tags: [' lab ', 'lab', 'eu'],
        jumpHost: { host: 'bastion', port: 2200, user: 'ops', auth: 'key', identityFile: '/k/id' }
      })
      const b = s.pairs.save({ ...LAB, name: 'b pair' })
      expect(a.tags).toEqual(['lab', 'eu'])
      expect(a.jumpHost).toEqual({ host: 'bastion', port: 2200, user: 'ops', auth: 'key', identityFile: '/k/id' })
      expect(a.salt).toMatch(/^[0-9a-f]{32}$/)
      expect(a.salt).not.toBe(b.salt)
      const renamed = s.pairs.save({ ...a, name: 'renamed', notes: 'moved to rack 4' })
      expect(renamed).toMatchObject({ id: a.id, name: 'renamed', notes: 'moved to rack 4', salt: a.salt })
      expect(s.pairs.getByName('RENAMED')?.id).toBe(a.id)
      expect(s.pairs.list().map((p) => p.name)).toEqual(['b pair', 'renamed'])
      expect(() => s.pairs.save({ ...LAB, name: 'B Pair' })).toThrow(/already exists/)
    } finally {
      s.close()
    }
  })

  it('rejects invalid pairs with every problem named', async () => {
    const s = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      let error: unknown
      try {
        s.pairs.save({
          ...LAB,
          name: ' ',
          primary: { ...LAB.primary, host: '-oProxyCommand=x', port: 70000, user: 'bad user' },
          secondary: { ...LAB.secondary, auth: 'key' },
          paths: { ...LAB.paths, nsmHome: 'usr/netscreen' }
        })
      } catch (err) {
        error = err
      }
      expect(error).toBeInstanceOf(PairValidationError)
      expect((error as PairValidationError).problems).toEqual([
        'name is required',
        'primary host "-oProxyCommand=x" is not a host name or IP address',
        'primary port 70000 is not 1-65535',
        'primary user "bad user" is not a valid user name',
        'secondary: key authentication needs an identity file',
        'nsmHome must be an absolute path'
      ])
      expect(() => s.pairs.save({ ...LAB, secondary: { ...LAB.primary } })).toThrow(/same host and port/)
      expect(s.pairs.save({ ...LAB, primary: { ...LAB.primary, host: 'fe80::1' } }).primary.host).toBe('fe80::1')
    } finally {
      s.close()
    }
  })

  it('removing a pair deletes its secrets; loadSavedPair returns the pair with its secrets', async () => {
    const dir = tempDir()
    const secrets = new SessionSecretStore()
    const s = await openAppStore({ dir, secretStore: secrets })
    try {
      const a = s.pairs.save(LAB)
      const b = s.pairs.save({ ...LAB, name: 'keep' })
      await s.pairs.setSecret(a.id, 'primary', 'password', 'pw-primary-1')
      await s.pairs.setSecret(a.id, 'secondary', 'sudo', 'sudo-secondary-1')
      await s.pairs.setSecret(b.id, 'primary', 'password', 'pw-keep-1')
      expect((await s.pairs.secretPresence(a.id)).secondary).toEqual({ password: false, passphrase: false, sudo: true })
      const loaded = await loadSavedPair('LAB PAIR', s)
      expect(loaded.pair.id).toBe(a.id)
      expect(loaded.secrets).toEqual({ primary: { password: 'pw-primary-1' }, secondary: { sudo: 'sudo-secondary-1' } })
      await s.pairs.remove(a.id)
      expect(await secrets.has({ pairId: a.id, role: 'primary', kind: 'password' })).toBe(false)
      expect(await secrets.has({ pairId: a.id, role: 'secondary', kind: 'sudo' })).toBe(false)
      expect(await secrets.get({ pairId: b.id, role: 'primary', kind: 'password' })).toBe('pw-keep-1')
      await expect(loadSavedPair('lab pair', s)).rejects.toThrow(/no saved pair named "lab pair" \(saved: keep\)/)
      await expect(s.pairs.setSecret(999, 'primary', 'password', 'x')).rejects.toThrow(/no saved pair/)
    } finally {
      s.close()
    }
  })

  it('imports concrete hosts from an ssh config, wildcard settings applied, wildcards skipped', async () => {
    const text = `
# defaults
User fallback
Host nsm-a nsm-b
  HostName 10.0.0.%h
  Port 2222
  IdentityFile ~/.ssh/nsm_rsa
Host nsm-b
  User override-ignored
  ProxyJump ops@bastion:2200,second
Host *.lab !skip.lab
  User labuser
Host db1.lab
  HostName=192.0.2.5
Host *
  User star
  IdentityFile none
Match host x
  User matched
Host skip.lab
`
    const hosts = parseSshConfig(text, '/home/u')
    expect(hosts).toEqual([
      { alias: 'nsm-a', host: '10.0.0.nsm-a', port: 2222, user: 'fallback', identityFile: '/home/u/.ssh/nsm_rsa' },
      {
        alias: 'nsm-b',
        host: '10.0.0.nsm-b',
        port: 2222,
        user: 'fallback',
        identityFile: '/home/u/.ssh/nsm_rsa',
        proxyJump: 'ops@bastion:2200'
      },
      { alias: 'db1.lab', host: '192.0.2.5', port: 22, user: 'fallback' },
      { alias: 'skip.lab', host: 'skip.lab', port: 22, user: 'fallback' }
    ])
    const s = await openAppStore({ dir: tempDir(), secretStore: new SessionSecretStore() })
    try {
      const file = join(tempDir(), 'config')
      writeFileSync(file, 'Host one\n  HostName 127.0.0.11\n  User nsm\n')
      expect(s.pairs.importSshConfig(file)).toEqual([{ alias: 'one', host: '127.0.0.11', port: 22, user: 'nsm' }])
      expect(s.pairs.importSshConfig(join(tempDir(), 'missing'))).toEqual([])
    } finally {
      s.close()
    }
  })
})
