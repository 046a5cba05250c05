/**
 * The one argument layer of the command line: node:util parseArgs (strict) for every command, one
 * UsageError, one error line. Every command prints `nsm-ha-doctor <command>: <one line>` on stderr and
 * exits 3 for a usage error or an error that stops it (the monitoring-plugin convention).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { errorLine } from '../shared/error-line'
import { terminalSafe } from './format/terminal'

/** Wrong or missing arguments: exit 3 with the message (and the command's usage where it helps). */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** `--help` / `-h`, accepted by every command. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const

type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>

/**
 * parseArgs in strict mode. Errors become UsageErrors with a short message (`unknown option --x`,
 * `--x needs a value`); a single-valued option given twice is refused instead of the last one winning.
 */
export function parseCommand<const T extends ParseArgsConfig>(config: T): Parsed<T> {
  let result
  try {
    result = parseArgs({ ...config, strict: true, tokens: true })
  } catch (err) {
    throw usageErrorOf(err)
  }
  const seen = new Set<string>()
  for (const token of result.tokens ?? []) {
    if (token.kind !== 'option') continue
    const spec = config.options?.[token.name]
    if (!spec || spec.type !== 'string' || spec.multiple) continue
    if (seen.has(token.name)) throw new UsageError(`--${token.name} given more than once`)
    seen.add(token.name)
  }
  return result as unknown as Parsed<T>
}

/** node:util's parse errors in our words. */
function usageErrorOf(err: unknown): Error {
  const code = (err as { code?: string }).code
  const message = errorLine(err)
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return new UsageError(`unknown option ${option}`)
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return new UsageError(`unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`.trim())
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/argument missing/.test(message)) return new UsageError(`${option} needs a value`)
    if (/does not take an argument/.test(message)) return new UsageError(`${option} takes no value`)
    if (/ambiguous/.test(message)) return new UsageError(`${option}: a value starting with "-" must be given as ${option}=VALUE`)
  }
  return code?.startsWith('ERR_PARSE_ARGS') ? new UsageError(message) : (err as Error)
}

// the first line of an error's message: what every command prints on stderr
export { errorLine }

/** Print `nsm-ha-doctor <command>: <one line>`, its control characters as visible escapes (and the usage after a UsageError, when given); returns 3. */
export function fail(command: string, err: unknown, usage?: string): number {
  console.error(`nsm-ha-doctor ${command}: ${terminalSafe(errorLine(err))}${usage && err instanceof UsageError ? `\n${usage}` : ''}`)
  return 3
}

/** A whole number option within [min, max] (undefined = `fallback`). */
export function intOption(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}`)
  return n
}

/** A value of an environment variable named by a `--*-env VAR` option; unset or empty is a usage error. */
export function envSecret(flag: string, variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined
  const value = process.env[variable]
  if (value === undefined || value === '') throw new UsageError(`--${flag} ${variable}: that environment variable is not set or empty`)
  return value
}
