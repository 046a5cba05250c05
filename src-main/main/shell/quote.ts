/**
 * POSIX shell quoting. Every value that reaches a remote shell (paths, user names, addresses read from
 * a server's config) goes through `shQuote`; commands themselves are constants of this code base.
 */

/** Quote one argument for POSIX sh: wraps in single quotes, escaping embedded single quotes. */
export function shQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL byte cannot be passed to a shell')
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** Join a command and its arguments, quoting each argument. */
export function shJoin(args: readonly string[]): string {
  return args.map(shQuote).join(' ')
}
