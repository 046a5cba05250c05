/** A small option parser for the store's sub-commands: `--name value`, `--name=value`, repeatable options, flags. */
export interface ParsedArgs {
  positional: string[]
  options: Map<string, string[]>
  flags: Set<string>
}

/** `valued` lists the options that take a value; anything else starting with -- is a flag. */
export function parseArgs(argv: string[], valued: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: new Map(), flags: new Set() }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('--')) {
      out.positional.push(a)
      continue
    }
    const eq = a.indexOf('=')
    const name = a.slice(2, eq === -1 ? undefined : eq)
    if (valued.includes(name)) {
      const value = eq === -1 ? argv[++i] : a.slice(eq + 1)
      if (value === undefined) throw new UsageError(`--${name} needs a value`)
      out.options.set(name, [...(out.options.get(name) ?? []), value])
    } else if (eq !== -1) {
      throw new UsageError(`--${name} takes no value`)
    } else {
      out.flags.add(name)
    }
  }
  return out
}

export class UsageError extends Error {}

export function one(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name)
  if (v && v.length > 1) throw new UsageError(`--${name} given more than once`)
  return v?.[0]
}

/** Rejects flags outside `allowed` (typos should not be silently ignored). */
export function onlyFlags(args: ParsedArgs, allowed: readonly string[]): void {
  for (const f of args.flags) if (!allowed.includes(f)) throw new UsageError(`unknown option --${f}`)
}
