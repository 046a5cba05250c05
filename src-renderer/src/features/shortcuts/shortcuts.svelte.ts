/** Shared state of the shortcut help overlay (the header button and the `?` key open it). */
export const shortcutHelp = $state<{ open: boolean }>({ open: false })
