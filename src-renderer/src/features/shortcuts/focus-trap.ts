/**
 * `use:trapFocus` for modal dialogs: focuses the first control (or `initial`) when the dialog opens, keeps
 * Tab / Shift+Tab inside it, closes it on Escape (`onEscape`), and gives focus back to the element that
 * had it before the dialog opened (e.g. the button that opened it) when the dialog goes away.
 */
const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

export interface TrapOptions {
  onEscape?: () => void
  /** selector of the control focused first (default: the first focusable one) */
  initial?: string
}

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement)
}

export function trapFocus(node: HTMLElement, opts: TrapOptions = {}): { update(o: TrapOptions): void; destroy(): void } {
  let options = opts
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
  const first = (options.initial ? node.querySelector<HTMLElement>(options.initial) : null) ?? focusables(node)[0] ?? node
  if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1')
  first.focus()

  const onkeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      if (options.onEscape) {
        e.preventDefault()
        e.stopPropagation()
        options.onEscape()
      }
      return
    }
    if (e.key !== 'Tab') return
    const els = focusables(node)
    if (els.length === 0) {
      e.preventDefault()
      node.focus()
      return
    }
    const i = els.indexOf(document.activeElement as HTMLElement)
    if (e.shiftKey && (i <= 0 || !node.contains(document.activeElement))) {
      e.preventDefault()
      els[els.length - 1].focus()
    } else if (!e.shiftKey && (i === els.length - 1 || i === -1)) {
      e.preventDefault()
      els[0].focus()
    }
  }
  // focus that leaves the dialog by other means (a click on the backdrop, a focus() call) comes back
  const onfocusin = (e: FocusEvent): void => {
    const modals = document.querySelectorAll('[aria-modal="true"]')
    if (modals[modals.length - 1] !== node && node.getAttribute('aria-modal') === 'true') return
    if (e.target instanceof Node && !node.contains(e.target)) (focusables(node)[0] ?? node).focus()
  }
  node.addEventListener('keydown', onkeydown)
  document.addEventListener('focusin', onfocusin)
  return {
    update(o) {
      options = o
    },
    destroy() {
      node.removeEventListener('keydown', onkeydown)
      document.removeEventListener('focusin', onfocusin)
      if (previous && previous.isConnected) previous.focus()
    }
  }
}
