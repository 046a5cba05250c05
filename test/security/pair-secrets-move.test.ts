/**
 * The rule behind pairs:save: a stored secret belongs to the address it was typed for (host, port, user
 * of the primary, the secondary or the jump host). Saving an existing pair with one of those changed
 * deletes that role's secrets, every kind, before the pair is saved; nothing else loses its secrets.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAppStore, type AppStore } from '../../src-main/main/store/app-store'
import { SessionSecretStore } from '../../src-main/main/secrets/session-store'
import { SECRET_KINDS, SECRET_ROLES, type SecretRole } from '../../src-main/main/secrets/types'
import type { PairConfig } from '../../src-main/shared/domain/pair'

describe('pairs:save unbinds the secrets of a moved node', () => {
  let dir: string
  let store: AppStore
  const base: PairConfig = {
    name: 'lab',
    primary: { host: 'nsm-a.example', port: 22, user: 'admin', auth: 'password', sudo: 'sudo-password' },
    secondary: { host: 'nsm-b.example', port: 22, user: 'admin', auth: 'password', sudo: 'sudo-password' },
    jumpHost: { host: 'bastion.example', port: 22, user: 'jump', auth: 'password' },
    paths: { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' },
    tags: [],
    notes: ''
  }
  let id: number

  const stored = async (): Promise<Record<SecretRole, number>> => {
    const out = {} as Record<SecretRole, number>
    for (const role of SECRET_ROLES) {
      out[role] = 0
      for (const kind of SECRET_KINDS) if (await store.pairs.hasSecret(id, role, kind)) out[role]++
    }
    return out
  }
  const fill = async (): Promise<void> => {
    for (const role of SECRET_ROLES) for (const kind of SECRET_KINDS) await store.pairs.setSecret(id, role, kind, `${role}-${kind}-secret`)
  }
  const edit = (f: (p: PairConfig) => PairConfig) => store.pairs.saveUnbindingMovedSecrets(f({ ...structuredClone(base), id }))

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nsm-pair-move-'))
    store = await openAppStore({ dir, secretStore: new SessionSecretStore() })
    id = (await store.pairs.saveUnbindingMovedSecrets(base)).pair.id
  })
  afterAll(() => {
    store?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('a new pair and an edit that keeps every address (rename, paths, host name case) drop nothing', async () => {
    await fill()
    expect((await edit((p) => ({ ...p, name: 'lab renamed', paths: { ...p.paths, nsmHome: '/opt/nsm' } }))).secretsDropped).toEqual([])
    expect(
      (await edit((p) => ({ ...p, primary: { ...p.primary, host: 'NSM-A.example', auth: 'key', identityFile: '/root/.ssh/id' } })))
        .secretsDropped
    ).toEqual([])
    expect(await stored()).toEqual({ primary: 3, secondary: 3, jump: 3 })
  })

  it('host, port or user of one role: that role loses every kind of secret, the others keep theirs', async () => {
    for (const [change, role] of [
      [(p: PairConfig) => ({ ...p, primary: { ...p.primary, host: 'attacker.example' } }), 'primary'],
      [(p: PairConfig) => ({ ...p, secondary: { ...p.secondary, port: 2222 } }), 'secondary'],
      [(p: PairConfig) => ({ ...p, secondary: { ...p.secondary, user: 'root' } }), 'secondary']
    ] as const) {
      await edit((p) => p) // back to the base addresses
      await fill()
      const r = await edit(change)
      expect(r.secretsDropped).toEqual([role])
      const left = await stored()
      expect(left[role]).toBe(0)
      for (const other of SECRET_ROLES) if (other !== role) expect(left[other]).toBe(3)
    }
  })

  it("a changed jump host (moved, removed, added) drops every role's secrets: each login goes through it", async () => {
    for (const change of [
      (p: PairConfig) => ({ ...p, jumpHost: { ...(p.jumpHost as NonNullable<PairConfig['jumpHost']>), host: 'attacker.example' } }),
      (p: PairConfig) => ({ ...p, jumpHost: { ...(p.jumpHost as NonNullable<PairConfig['jumpHost']>), user: 'other' } }),
      (p: PairConfig) => ({ ...p, jumpHost: undefined })
    ]) {
      await edit((p) => p)
      await fill()
      expect((await edit(change)).secretsDropped).toEqual(['primary', 'secondary', 'jump'])
      expect(await stored()).toEqual({ primary: 0, secondary: 0, jump: 0 })
    }
    // a pair without a jump host that gets one
    const noJump = { ...structuredClone(base), name: 'direct', jumpHost: undefined }
    const direct = (await store.pairs.saveUnbindingMovedSecrets(noJump)).pair.id
    await store.pairs.setSecret(direct, 'primary', 'password', 'direct-secret')
    const r = await store.pairs.saveUnbindingMovedSecrets({
      ...noJump,
      id: direct,
      jumpHost: { host: 'attacker.example', port: 22, user: 'x', auth: 'password' }
    })
    expect(r.secretsDropped).toEqual(['primary', 'secondary', 'jump'])
    expect(await store.pairs.hasSecret(direct, 'primary', 'password')).toBe(false)
  })

  it('a refused save (invalid pair, taken name, unknown id) deletes nothing', async () => {
    await fill()
    await expect(edit((p) => ({ ...p, primary: { ...p.primary, host: 'attacker.example', port: 0 } }))).rejects.toThrow(/port 0/)
    await store.pairs.saveUnbindingMovedSecrets({ ...structuredClone(base), name: 'other' })
    await expect(edit((p) => ({ ...p, name: 'other', primary: { ...p.primary, host: 'attacker.example' } }))).rejects.toThrow(
      /already exists/
    )
    expect(await stored()).toEqual({ primary: 3, secondary: 3, jump: 3 })
    await expect(store.pairs.saveUnbindingMovedSecrets({ ...structuredClone(base), name: 'ghost', id: 9999 })).rejects.toThrow(
      /no saved pair with id 9999/
    )
  })
})
