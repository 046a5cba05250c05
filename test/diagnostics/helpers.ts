import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_NSM_PATHS } from '../../src-main/shared/domain/pair'
import type { NodeRole } from '../../src-main/shared/domain/check'
import { parseProbeOutput } from '../../src-main/main/diagnostics/probe'
import type { NodeCollection } from '../../src-main/main/diagnostics/types'

export const FIXTURES = join(__dirname, '..', 'fixtures')
export const SALT = 'test-salt'
/** the node clock written in the fixtures (epoch s) */
export const FIXTURE_NOW_S = 1795591000

export function fixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8')
}

/** Replace the body of a framed section in probe output. */
export function withSection(out: string, name: string, body: string, rc = 0): string {
  const re = new RegExp(
    `(@@NSMHAD-fixture ${name.replace('.', '\\.')} begin@@\\n)[\\s\\S]*?\\n(@@NSMHAD-fixture ${name.replace('.', '\\.')} end rc=)\\d+@@`
  )
  if (!re.test(out)) throw new Error(`no section ${name}`)
  return out.replace(re, (_m, b: string, e: string) => `${b}${body}\n${e}${rc}@@`)
}

export function loadNode(role: NodeRole, edit: (out: string) => string = (s) => s, opts: { clockSkewS?: number } = {}): NodeCollection {
  const out = edit(fixture('probe', `healthy-${role}.out`))
  return parseProbeOutput(out, {
    role,
    host: role === 'primary' ? '127.0.0.11' : '127.0.0.12',
    port: 22,
    paths: DEFAULT_NSM_PATHS,
    salt: SALT,
    nonce: 'fixture',
    // local clock reading that makes the fixture's node clock read `clockSkewS` ahead
    localMidMs: (FIXTURE_NOW_S - (opts.clockSkewS ?? 0)) * 1000 + 500,
    hostKeySha256: 'SHA256:fixture'
  })
}

export const CTX = { salt: SALT, now: FIXTURE_NOW_S * 1000 }
