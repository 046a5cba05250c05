/**
 * The system-component gate: any truthy CI makes a missing component a failure (CI systems set `true`,
 * `1`, `yes`, …), an unset/false CI skips; every browser test gates on Chromium and the built renderer
 * through it, so a CI run without `out/renderer` fails instead of skipping the browser suites.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isCi, requireSystem } from './system'

const saved = process.env.CI
afterEach(() => {
  if (saved === undefined) delete process.env.CI
  else process.env.CI = saved
  vi.restoreAllMocks()
})

describe('CI detection', () => {
  it.each(['true', 'TRUE', '1', 'yes', 'on', 'github-actions'])('CI=%s is CI', (v) => expect(isCi(v)).toBe(true))
  it.each([undefined, '', ' ', '0', 'false', 'False', 'no', 'off'])('CI=%s is not CI', (v) => expect(isCi(v)).toBe(false))
})

describe('requireSystem', () => {
  it('throws for a missing component under CI=1 (not only CI=true)', () => {
    process.env.CI = '1'
    expect(() => requireSystem('thing', false, 'install it')).toThrow('CI=1 and thing not available: install it')
  })
  it('skips with a reason when not in CI', () => {
    process.env.CI = 'false'
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(requireSystem('thing', false, 'install it')).toEqual({ available: false, reason: 'thing not available: install it' })
    expect(warn).toHaveBeenCalledWith('skipping: thing not available: install it')
  })
  it('passes an available component in CI', () => {
    process.env.CI = 'true'
    expect(requireSystem('thing', true, 'install it')).toEqual({ available: true, reason: '' })
  })
})

describe('browser tests', () => {
  const dir = join(__dirname, '..', 'e2e')
  const browserTests = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => /startAppSession|openApp|chromium\.launch/.test(readFileSync(join(dir, f), 'utf8')))
  it('exist', () => expect(browserTests.length).toBeGreaterThan(3))
  it.each(browserTests)('%s gates on Chromium and the renderer bundle through requireChromium()', (f) => {
    const text = readFileSync(join(dir, f), 'utf8')
    expect(text).toMatch(/const gate = requireChromium\(\)/)
    expect(text).not.toMatch(/existsSync\([^)]*out'?, 'renderer/)
  })
})
