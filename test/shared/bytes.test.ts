/**
 * The one byte formatter (src-main/shared/bytes.ts) that the app, the CLI, the reports, the check summaries and
 * the transport's error lines all print through.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { humanBytes } from '../../src-main/shared/bytes'

describe('humanBytes', () => {
  it('whole bytes below 1 KiB, one decimal below 10 of a unit, none from 10 on, no trailing .0', () => {
    expect(humanBytes(0)).toBe('0 B')
    expect(humanBytes(1023)).toBe('1023 B')
    expect(humanBytes(1024)).toBe('1 KiB')
    expect(humanBytes(1536)).toBe('1.5 KiB')
    expect(humanBytes(195 * 1024 + 300)).toBe('195 KiB')
    expect(humanBytes(8 * 1024 * 1024)).toBe('8 MiB')
    expect(humanBytes(9.96 * 1024 * 1024)).toBe('10 MiB')
    expect(humanBytes(2 * 1024 ** 3)).toBe('2 GiB')
    expect(humanBytes(5 * 1024 ** 5)).toBe('5120 TiB')
  })

  it('is the only byte formatter in the source: no other table of byte units', () => {
    const root = join(__dirname, '..', '..')
    const files: string[] = []
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name)
        if (statSync(p).isDirectory()) walk(p)
        else if (/\.(ts|svelte)$/.test(name)) files.push(p)
      }
    }
    walk(join(root, 'src-main'))
    walk(join(root, 'src-renderer', 'src'))
    const unitTables = files.filter((f) => /\[\s*'(B|KB|KiB)',\s*'(KB|KiB|MB|MiB)'/.test(readFileSync(f, 'utf8')))
    expect(unitTables.map((f) => f.slice(root.length + 1))).toEqual(['src-main/shared/bytes.ts'])
  })
})
