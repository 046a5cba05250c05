/**
 * docs/contract.md is the project's own copy of the product contract. These tests hold the code to it:
 * every check ID, fix ID, status and scenario the document names exists in the code under the same name,
 * every CLI flag it names is accepted by the command it belongs to, and no file of the project points
 * outside the repository.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHECK_IDS, CHECK_STATUSES, CHECKS, isCheckId } from '../../src-main/shared/domain/check'
import { FIX_IDS, FIXES } from '../../src-main/shared/domain/fix'
import { SCENARIOS } from '../../src-main/shared/domain/scenario'

const ROOT = resolve(__dirname, '../..')
const doc = readFileSync(join(ROOT, 'docs/contract.md'), 'utf8')

/** The text of one `## Heading` section of the contract. */
function section(title: string): string {
  const start = doc.indexOf(`## ${title}`)
  if (start < 0) throw new Error(`docs/contract.md has no section "${title}"`)
  const next = doc.indexOf('\n## ', start + 3)
  return doc.slice(start, next < 0 ? undefined : next)
}

/** Every "## Additions…" section of the contract (the published tables come first, additions after). */
function additions(): string[] {
  return [...doc.matchAll(/^## Additions.*$/gm)].map((m) => section(m[0].slice(3)))
}

/** First-column IDs of a Markdown table: rows like "| `ha.services` | 1 | ..." */
function tableIds(text: string): string[] {
  return [...text.matchAll(/^\| `([a-z0-9.-]+)` \|/gm)].map((m) => m[1])
}

describe('docs/contract.md against the code', () => {
  it('lists every check of the code and the code has every check it lists, with the same KB step', () => {
    const rows = [...section('Checks').matchAll(/^\| `([a-z0-9.-]+)` \| (\d+|—) \|/gm)].map((m) => ({ id: m[1], step: m[2] }))
    // the 29 published rows at least: a new check may take a new row here or a line under an Additions section
    expect(rows.length).toBeGreaterThanOrEqual(29)
    for (const { id, step } of rows) {
      const def = isCheckId(id) ? CHECKS[id] : undefined
      expect(def, `check ${id} named by the contract`).toBeDefined()
      if (step !== '—') expect(def?.step, `step of ${id}`).toBe(Number(step))
    }
    const added = additions().flatMap((text) => [...text.matchAll(/Check `([a-z0-9.-]+)`/g)].map((m) => m[1]))
    for (const id of added) expect(CHECK_IDS as readonly string[], `added check ${id}`).toContain(id)
    // every check of the code is in the contract (the catalog may only grow through docs/contract.md)
    const named = new Set([...rows.map((r) => r.id), ...added])
    for (const id of CHECK_IDS) expect(named.has(id), `check ${id} is documented in docs/contract.md`).toBe(true)
  })

  it('names exactly the statuses of the code', () => {
    const line = section('Result model').match(/status: (.*)/)?.[1] ?? ''
    const statuses = [...line.matchAll(/`([a-z]+)`/g)].map((m) => m[1])
    expect(statuses).toEqual([...CHECK_STATUSES])
  })

  it('names every fix of the code and the code has every fix it names, remedying what it says', () => {
    const ids = tableIds(section('Guided fixes'))
    expect(ids.length).toBeGreaterThanOrEqual(8)
    expect([...FIX_IDS].filter((id) => ids.includes(id))).toEqual(ids)
    const remedies: Record<string, string[]> = {
      'fix.enable-write-to-log': ['cfg.write-to-log'],
      'fix.align-hmac-key': ['cfg.hmac-key'],
      'fix.repair-ssh-trust': ['ssh.trust'],
      'fix.resync-standby': ['db.panic', 'db.diverged'],
      'fix.align-one-time-password': ['gui.one-time-password']
    }
    for (const [fix, checks] of Object.entries(remedies)) {
      const def = FIXES.find((f) => f.id === fix)
      for (const c of checks) expect(def?.remedies as readonly string[] | undefined, `${fix} remedies ${c}`).toContain(c)
    }
  })

  it('names every scenario of the code and the code has every scenario it names', () => {
    const text = section('Simulator scenarios')
    const named = [...text.matchAll(/`([a-z-]+)`/g)].map((m) => m[1])
    // the 23 published scenarios at least: a new one may be named here or under an Additions section
    expect(named.length).toBeGreaterThanOrEqual(23)
    for (const s of named) expect(SCENARIOS as readonly string[], `scenario ${s}`).toContain(s)
    const added = additions().flatMap((text) => [...text.matchAll(/scenario `([a-z-]+)`/g)].map((m) => m[1]))
    for (const s of added) expect(SCENARIOS as readonly string[], `added scenario ${s}`).toContain(s)
  })

  it('every flag of the command-line synopsis is accepted by its command, and an unknown one is refused', () => {
    const lines = [
      ...(section('Command line').match(/```\n([\s\S]*?)```/)?.[1] ?? '').split('\n'),
      ...[...section('Additions').matchAll(/`(nsm-ha-doctor [^`]+)`/g)].map((m) => m[1]),
      ...[...section('Additions, round 3').matchAll(/`(nsm-ha-doctor [^`]+)`/g)].map((m) => m[1])
    ]
    const invocations = synopsisInvocations(lines)
    expect(invocations.length).toBeGreaterThan(20)
    const home = mkdtempSync(join(tmpdir(), 'nsmhad-contract-'))
    try {
      for (const { argv, flag } of invocations) {
        const out = cli([...argv, '--help'], home)
        expect(out, `nsm-ha-doctor ${argv.join(' ')}: --${flag} accepted`).not.toMatch(/unknown (option|command)/i)
      }
      // the same parsers refuse what the contract does not name, even next to --help
      for (const command of new Set(invocations.map((i) => i.command))) {
        const base = invocations.find((i) => i.command === command)?.base ?? []
        expect(cli([...base, '--bogus-flag', 'x', '--help'], home), `${command} refuses --bogus-flag`).toMatch(/unknown option/i)
      }
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  })
})

const CLI = join(ROOT, 'bin/nsm-ha-doctor.mjs')

function cli(argv: string[], home: string): string {
  const r = spawnSync(process.execPath, [CLI, ...argv], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NSM_HA_DOCTOR_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  return `${r.stdout}\n${r.stderr}`
}

/** A harmless value for a synopsis placeholder. */
function sample(placeholder: string): string {
  const p = placeholder.replace(/[[\]]/g, '')
  if (p.includes('|')) return p.split('|')[0]
  if (p.includes('host')) return '127.0.0.1'
  if (p === 'HOST:PORT') return '127.0.0.1:0'
  if (p === 'N') return '1'
  if (p === 'FILE') return '/dev/null'
  if (p === 'DIR') return '/tmp'
  if (p === 'FIX_ID') return 'fix.restart-ha'
  return 'x'
}

/** One invocation per flag of each synopsis line: `command [positional] --flag [value]`. */
function synopsisInvocations(lines: string[]): Array<{ command: string; base: string[]; argv: string[]; flag: string }> {
  const out: Array<{ command: string; base: string[]; argv: string[]; flag: string }> = []
  let command = ''
  let base: string[] = []
  for (const raw of lines) {
    const line = raw.replace(/#.*$/, '').trim()
    if (!line) continue
    const tokens = line.split(/\s+/)
    let i = 0
    if (tokens[0] === 'nsm-ha-doctor') {
      command = tokens[1]
      base = [command]
      i = 2
      // positional words before the first flag (FIX_ID, list|add|remove)
      while (i < tokens.length && !tokens[i].replace(/^\[/, '').startsWith('--')) base.push(sample(tokens[i++]))
    }
    for (; i < tokens.length; i++) {
      const t = tokens[i].replace(/^\[/, '')
      if (!t.startsWith('--')) continue
      const flag = t.replace(/\]+$/, '')
      const next = tokens[i + 1]
      const valued = !t.endsWith(']') && next !== undefined && !next.replace(/^\[/, '').startsWith('--')
      out.push({ command, base, flag: flag.slice(2), argv: [...base, flag, ...(valued ? [sample(next)] : [])] })
    }
  }
  return out
}

describe('the repository is self-contained', () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && /\.(ts|mjs|cjs|js|svelte|md|json|yaml|yml|sh|html|css)$|^\.ci\//.test(f) && !f.endsWith('package-lock.json'))
    .filter((f) => existsSync(join(ROOT, f)))

  it('no file names the steering folders or points outside the repository', () => {
    const offenders: string[] = []
    for (const f of files) {
      const text = readFileSync(join(ROOT, f), 'utf8')
      if (/shared\/spec\/|shared\/seed\/|\.\.\/seed\/|style\.md/.test(text) && f !== 'test/contract/contract.test.ts')
        offenders.push(`${f}: names a folder outside the repository`)
      // Markdown links and relative paths in prose must stay inside the repository
      for (const m of text.matchAll(/(?:\]\(|`)((?:\.\.\/)+[\w.@/-]+)/g)) {
        const target = resolve(dirname(join(ROOT, f)), m[1])
        if (relative(ROOT, target).startsWith('..')) offenders.push(`${f}: ${m[1]}`)
      }
    }
    expect(offenders).toEqual([])
  })
})
