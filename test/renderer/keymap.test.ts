/** The keyboard map (pure): which key does what, and that shortcuts stay off while typing or in a dialog. */
import { describe, expect, it } from 'vitest'
import { isReloadKey, shortcutFor, SHORTCUT_HELP, type KeyContext, type KeyLike } from '../../src-renderer/src/features/shortcuts/keymap'

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods
})
const free: KeyContext = { typing: false, modal: false, onCheckRow: false, onTab: false }

describe('keymap', () => {
  it('maps the admin shortcuts', () => {
    expect(shortcutFor(key('r', { ctrlKey: true }), free)).toEqual({ type: 'run' })
    expect(shortcutFor(key('r', { metaKey: true }), free)).toEqual({ type: 'run' })
    expect(shortcutFor(key('F5'), free)).toEqual({ type: 'run' })
    expect(['1', '2', '3', '4', '5'].map((n) => shortcutFor(key(n, { ctrlKey: true }), free))).toEqual(
      ['run', 'compare', 'diff', 'timeline', 'history'].map((view) => ({ type: 'view', view }))
    )
    expect(shortcutFor(key('6', { ctrlKey: true }), free)).toBeNull()
    expect(shortcutFor(key('j'), free)).toEqual({ type: 'next' })
    expect(shortcutFor(key('k'), free)).toEqual({ type: 'prev' })
    expect(shortcutFor(key('?', { shiftKey: true }), free)).toEqual({ type: 'help' })
  })

  it('arrows only act on a check row or a view tab (page scrolling stays the browser’s)', () => {
    expect(shortcutFor(key('ArrowDown'), free)).toBeNull()
    expect(shortcutFor(key('ArrowDown'), { ...free, onCheckRow: true })).toEqual({ type: 'next' })
    expect(shortcutFor(key('End'), { ...free, onCheckRow: true })).toEqual({ type: 'last' })
    expect(shortcutFor(key('ArrowRight'), { ...free, onTab: true })).toEqual({ type: 'tab', delta: 1 })
    expect(shortcutFor(key('ArrowLeft'), { ...free, onCheckRow: true })).toBeNull()
  })

  it('nothing while typing in a field or while a dialog is open; modified letters are left alone', () => {
    for (const ctx of [
      { ...free, typing: true },
      { ...free, modal: true }
    ]) {
      for (const k of [key('j'), key('?'), key('r', { ctrlKey: true }), key('2', { ctrlKey: true }), key('F5')])
        expect(shortcutFor(k, ctx)).toBeNull()
    }
    expect(shortcutFor(key('j', { ctrlKey: true }), free)).toBeNull()
    expect(shortcutFor(key('k', { altKey: true }), free)).toBeNull()
    expect(shortcutFor(key('r', { ctrlKey: true, shiftKey: true }), free)).toBeNull()
    // but a reload key is always recognised (the handler prevents the page reload even while typing)
    expect(isReloadKey(key('R', { ctrlKey: true, shiftKey: true }))).toBe(true)
    expect(isReloadKey(key('F5'))).toBe(true)
    expect(isReloadKey(key('r'))).toBe(false)
  })

  it('the help lists every action the map has', () => {
    const text = SHORTCUT_HELP.map((h) => `${h.keys.join(' ')} ${h.what}`).join('\n')
    for (const s of ['F5', 'Ctrl+1', 'Ctrl+5', 'j', 'k', 'Enter', 'Esc', '?', 'Run checks', 'History']) expect(text).toContain(s)
  })
})
