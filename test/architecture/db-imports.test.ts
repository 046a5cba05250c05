/**
 * db/ is the bottom layer: repositories over SQLite. It imports no service folder (pairs, history, app),
 * so the folders form no cycle; the store that composes repositories with services lives in store/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const DB = join(__dirname, '..', '..', 'src-main', 'main', 'db')
const FORBIDDEN = ['pairs', 'history', 'app']

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return name.endsWith('.ts') ? [path] : []
  })
}

/** every module specifier of a file: static imports, re-exports and dynamic import() */
export function specifiers(text: string): string[] {
  const out: string[] = []
  for (const re of [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm]) {
    for (const m of text.matchAll(re)) out.push(m[1])
  }
  return out
}

/** the src-main/main folder a specifier of a db/ file reaches, if it leaves db/ */
export function reachedFolder(spec: string): string | undefined {
  return /^\.\.\/([^/]+)(\/|$)/.exec(spec)?.[1]
}

describe('architecture: db/ imports no service folder', () => {
  it('the checker sees a forbidden import (static, type-only and dynamic)', () => {
    const bad = `import { PairService } from '../pairs/pair-service'\nimport type { H } from "../history/history-service"\nconst a = await import('../app/services')\nimport { x } from './run-repo'`
    expect(
      specifiers(bad)
        .map(reachedFolder)
        .filter((f) => f && FORBIDDEN.includes(f))
    ).toEqual(['pairs', 'history', 'app'])
  })

  it('no file under src-main/main/db imports ../pairs, ../history or ../app', () => {
    const files = sources(DB)
    expect(files.length).toBeGreaterThan(0)
    const offenders = files.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((spec) => FORBIDDEN.includes(reachedFolder(spec) ?? ''))
        .map((spec) => `${relative(DB, file)} → ${spec}`)
    )
    expect(offenders).toEqual([])
  })
})
