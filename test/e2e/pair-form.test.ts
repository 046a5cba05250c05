/**
 * The pair form complete, in Debian Chromium on the real handlers: tags, notes and a jump host (with its
 * password, into the keychain) saved from the form and loaded back; the login user defaults to root with
 * sudo "none" and switches to sudo for another user; form controls' borders at least 3:1 against the page
 * (light and dark); Delete in its own section away from Save; the sidebar's search with many pairs; the
 * demo pair and switcher apart from production pairs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { requireChromium } from '../helpers/system'
import { startAppSession, type AppSession, type Bridge } from './bridge'
import { DEMO_PAIR_NAME } from '../../src-main/main/app/demo-app'

const gate = requireChromium()
const MANY = 12

describe.skipIf(!gate.available)('pair form: tags, notes, jump host, login defaults; sidebar search and demo apart', () => {
  let session: AppSession
  let bridge: Bridge
  let page: Page
  const errors: string[] = []
  const tid = (id: string): ReturnType<Page['getByTestId']> => page.getByTestId(id)

  beforeAll(async () => {
    session = await startAppSession('nsm-ui-pairform-', errors, async (b) => {
      const node = (port: number) => ({ host: '127.0.0.1', port, user: 'root', auth: 'password' as const, sudo: 'none' as const })
      const paths = { nsmHome: '/usr/netscreen', nsmData: '/var/netscreen', haInit: '/etc/init.d/haSvr' }
      for (let i = 0; i < MANY; i++)
        b.store.pairs.save({
          name: `site-${i % 2 ? 'east' : 'west'}-${i}`,
          primary: node(3000 + 2 * i),
          secondary: node(3001 + 2 * i),
          paths,
          tags: [],
          notes: ''
        })
      b.store.pairs.save({ name: DEMO_PAIR_NAME, primary: node(4000), secondary: node(4001), paths, tags: [], notes: '' })
    })
    ;({ bridge, page } = session)
  }, 60_000)

  afterAll(async () => {
    await session?.close()
  })

  it('the sidebar searches many pairs; the demo pair sits in the demo section, apart from them', async () => {
    await tid('pair-search').waitFor()
    const list = page.locator('ul.pairs[aria-label="Saved pairs"] [data-testid="pair"]')
    expect(await list.count()).toBe(MANY)
    expect(await list.allTextContents()).not.toContain(DEMO_PAIR_NAME)
    expect(await tid('demo-offer').getByTestId('pair').textContent()).toContain(DEMO_PAIR_NAME)
    await tid('pair-search').fill('east')
    await expect.poll(() => list.count()).toBe(MANY / 2)
    await tid('pair-search').fill('127.0.0.1:3001')
    await expect.poll(() => list.allTextContents()).toEqual([expect.stringContaining('site-west-0')])
    await tid('pair-search').fill('')
  })

  it('a new pair: login root with sudo "none"; another user switches to sudo; tags, notes and the jump host are saved', async () => {
    await tid('add-pair').click()
    await tid('f-name').waitFor()
    expect(await tid('f-user').inputValue()).toBe('root')
    expect(await tid('f-sudo').inputValue()).toBe('none')
    await tid('f-user').fill('netadmin')
    expect(await tid('f-sudo').inputValue()).toBe('sudo')
    await tid('f-sudo').selectOption('none')
    expect(await tid('f-sudo-hint').textContent()).toContain('netadmin is not root')
    await tid('f-user').fill('root')
    expect(await tid('f-sudo').inputValue()).toBe('none')
    expect(await tid('f-sudo-hint').count()).toBe(0)

    await tid('f-name').fill('bastion pair')
    await tid('f-p-host').fill('10.1.0.11')
    await tid('f-s-host').fill('10.1.0.12')
    await tid('f-tags').fill('prod, dc-east prod')
    await tid('f-notes').fill('console via iLO; change window Sun 02:00')
    await tid('f-jump').check()
    await tid('f-j-host').fill('bastion.example.net')
    await tid('f-j-port').fill('2222')
    await tid('f-j-user').fill('jumper')
    await tid('f-j-auth').selectOption('password')
    await tid('f-j-password').fill('jump-secret-1')
    await tid('f-save').click()
    await tid('edit-pair').waitFor()
    const saved = bridge.store.pairs.list().find((p) => p.name === 'bastion pair')!
    expect(saved.tags).toEqual(['prod', 'dc-east'])
    expect(saved.notes).toBe('console via iLO; change window Sun 02:00')
    expect(saved.jumpHost).toEqual({ host: 'bastion.example.net', port: 2222, user: 'jumper', auth: 'password' })
    expect(saved.primary).toMatchObject({ user: 'root', sudo: 'none' })
    expect(await bridge.store.pairs.hasSecret(saved.id!, 'jump', 'password')).toBe(true)
    expect(await page.content()).not.toContain('jump-secret-1')

    // loaded back into the form; the jump host removed on save takes its password with it
    await tid('edit-pair').click()
    await expect.poll(() => tid('f-tags').inputValue()).toBe('prod, dc-east')
    expect(await tid('f-notes').inputValue()).toBe('console via iLO; change window Sun 02:00')
    expect(await tid('f-j-host').inputValue()).toBe('bastion.example.net')
    await tid('f-j-password-stored').waitFor()
    await tid('f-jump').uncheck()
    await tid('f-save').click()
    await tid('edit-pair').waitFor()
    await expect.poll(() => bridge.store.pairs.get(saved.id!)?.jumpHost).toBeUndefined()
    expect(await bridge.store.pairs.hasSecret(saved.id!, 'jump', 'password')).toBe(false)
    expect(errors).toEqual([])
  })

  it('Delete sits apart from Save; form borders have at least 3:1 contrast in light and dark', async () => {
    await tid('edit-pair').click()
    await tid('f-delete').waitFor()
    const save = (await tid('f-save').boundingBox())!
    const del = (await tid('f-delete').boundingBox())!
    // not in Save's row: below it, with room between
    expect(del.y).toBeGreaterThan(save.y + save.height + 16)
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      const ratios = await page.evaluate(() => {
        type El = { getAttribute(n: string): string | null }
        const g = globalThis as unknown as {
          document: { querySelectorAll(s: string): El[]; querySelector(s: string): El }
          getComputedStyle(e: El): { borderTopColor: string; backgroundColor: string }
        }
        const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number)
        const lum = (c: string): number => {
          const [r, gg, b] = rgb(c).map((v) => {
            const s = v / 255
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
          })
          return 0.2126 * r + 0.7152 * gg + 0.0722 * b
        }
        const ratio = (a: string, b: string): number => {
          const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
          return (hi + 0.05) / (lo + 0.05)
        }
        const page = g.getComputedStyle(g.document.querySelector('main')).backgroundColor
        return ['f-name', 'f-p-host', 'f-sudo', 'f-tags', 'f-notes'].map((id) => {
          const el = g.document.querySelectorAll(`[data-testid="${id}"]`)[0]
          const st = g.getComputedStyle(el)
          return { id, vsControl: ratio(st.borderTopColor, st.backgroundColor), vsPage: ratio(st.borderTopColor, page) }
        })
      })
      for (const r of ratios) {
        expect(r.vsControl, `${scheme} ${r.id}`).toBeGreaterThanOrEqual(3)
        expect(r.vsPage, `${scheme} ${r.id}`).toBeGreaterThanOrEqual(3)
      }
    }
    await page.emulateMedia({ colorScheme: 'light' })
    expect(errors).toEqual([])
  })
})
