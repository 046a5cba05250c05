/**
 * The keyboard map: a key event (plus where it happened) → an action. Pure, so the help overlay, the
 * handler and the docs list the same keys. Shortcuts are off while typing in a field and while a dialog
 * is open (dialogs handle Tab and Esc themselves).
 */
/** the five views of a pair (a subset of app state's View) */
export type MainView = 'run' | 'compare' | 'diff' | 'timeline' | 'history'

export type ShortcutAction =
  | { type: 'run' }
  | { type: 'view'; view: MainView }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'tab'; delta: 1 | -1 }
  | { type: 'help' }

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

export interface KeyContext {
  /** focus is in a text field, a select or an editable element */
  typing: boolean
  /** a modal dialog (wizard, host-key dialog, help) is open */
  modal: boolean
  /** focus is on a check row of the run view */
  onCheckRow: boolean
  /** focus is on one of the view tabs */
  onTab: boolean
}

export const VIEW_KEYS: MainView[] = ['run', 'compare', 'diff', 'timeline', 'history']

/** Ctrl/Cmd+R and F5: never a page reload (the app would lose its state). */
export function isReloadKey(e: KeyLike): boolean {
  return e.key === 'F5' || ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'r')
}

export function shortcutFor(e: KeyLike, ctx: KeyContext): ShortcutAction | null {
  if (ctx.typing || ctx.modal) return null
  const mod = e.ctrlKey || e.metaKey
  if (isReloadKey(e) && !e.shiftKey) return { type: 'run' }
  if (mod && !e.altKey && !e.shiftKey && /^[1-5]$/.test(e.key)) return { type: 'view', view: VIEW_KEYS[Number(e.key) - 1] }
  if (mod || e.altKey) return null
  if (e.key === '?') return { type: 'help' }
  if (e.key === 'j') return { type: 'next' }
  if (e.key === 'k') return { type: 'prev' }
  if (ctx.onCheckRow) {
    if (e.key === 'ArrowDown') return { type: 'next' }
    if (e.key === 'ArrowUp') return { type: 'prev' }
    if (e.key === 'Home') return { type: 'first' }
    if (e.key === 'End') return { type: 'last' }
  }
  if (ctx.onTab) {
    if (e.key === 'ArrowRight') return { type: 'tab', delta: 1 }
    if (e.key === 'ArrowLeft') return { type: 'tab', delta: -1 }
  }
  return null
}

const nav = (globalThis as { navigator?: { platform?: string } }).navigator
const MOD = /Mac/.test(nav?.platform ?? '') ? '⌘' : 'Ctrl'

/** What the help overlay (and docs/ui.md) lists. */
export const SHORTCUT_HELP: { keys: string[]; what: string }[] = [
  { keys: [`${MOD}+R`, 'F5'], what: 'Run checks on the selected pair' },
  { keys: [`${MOD}+1`, '…', `${MOD}+5`], what: 'Checks · Nodes · Config diff · Timeline · History' },
  { keys: ['←', '→'], what: 'Previous / next view (on a view tab)' },
  { keys: ['j', 'k'], what: 'Next / previous check (↓ ↑ Home End on a check)' },
  { keys: ['Enter'], what: 'Expand / collapse the check: why it matters, evidence, fixes' },
  { keys: ['Tab'], what: 'Next control (inside a dialog focus stays in the dialog)' },
  { keys: ['Esc'], what: 'Close the dialog, the fix wizard or this help' },
  { keys: ['?'], what: 'This help' }
]
