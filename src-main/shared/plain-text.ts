/** Text from nodes or admins on one line for a terminal or a file name: C0/C1 control characters become one space each run. */
export function plainLine(text: string): string {
  let out = ''
  let gap = false
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (!gap) out += ' '
      gap = true
    } else {
      out += ch
      gap = false
    }
  }
  return out
}

/** Does the text hold a control character? */
export function hasControl(text: string): boolean {
  return plainLine(text) !== text
}
