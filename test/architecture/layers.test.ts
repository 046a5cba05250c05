/**
 * The layers of docs/architecture.md, held by the code: every folder of src-main may import only the folders
 * its row of LAYERS names (a folder always imports itself), no two files import each other through any path
 * (no circle), no group of folders imports itself around (no cycle), and only the composition root and its
 * adapters (src-main/main/electron/) and the preload import `electron`.
 */
import { describe, expect, it } from 'vitest'
import { buildGraph, circles, folderEdges, folderOf, rel, ROOT, type Graph } from './import-graph'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** folder → the folders it may import. Read a row as "may use"; a new edge is a decision, made here. */
export const LAYERS: Record<string, readonly string[]> = {
  shared: [],
  'main/shell': [],
  'main/platform': ['shared'],
  'main/secrets': ['shared'],
  'main/metrics': ['shared'],
  'main/ssh': ['shared', 'main/shell'],
  'main/reports': ['shared', 'main/secrets'],
  'main/diagnostics': ['shared', 'main/shell', 'main/ssh', 'main/reports'],
  // repositories over SQLite; pure text helpers (redaction, cutting) from reports and diagnostics
  'main/db': ['shared', 'main/platform', 'main/ssh', 'main/reports', 'main/diagnostics'],
  'main/pairs': ['shared', 'main/db', 'main/secrets'],
  'main/history': ['shared', 'main/db', 'main/platform', 'main/reports', 'main/diagnostics'],
  // the one store opener: repositories composed with the pair and history services
  'main/store': ['main/db', 'main/history', 'main/pairs', 'main/platform', 'main/secrets'],
  'main/acks': ['shared', 'main/db', 'main/store'],
  'main/run': ['shared', 'main/db', 'main/diagnostics', 'main/history', 'main/platform', 'main/secrets', 'main/ssh'],
  'main/offline': ['shared', 'main/diagnostics', 'main/run'],
  'main/fixes': ['shared', 'main/diagnostics', 'main/platform', 'main/run', 'main/secrets', 'main/shell', 'main/ssh'],
  'main/follow': ['shared', 'main/db', 'main/diagnostics', 'main/fixes', 'main/reports', 'main/shell', 'main/ssh'],
  'main/schedule': ['shared', 'main/acks', 'main/db', 'main/platform', 'main/run', 'main/store'],
  simulator: ['shared'],
  // the app's services (composition without Electron); the demo pair runs the simulator
  'main/app': [
    'shared',
    'main/acks',
    'main/db',
    'main/fixes',
    'main/follow',
    'main/offline',
    'main/pairs',
    'main/platform',
    'main/reports',
    'main/run',
    'main/schedule',
    'main/secrets',
    'main/shell',
    'main/ssh',
    'main/store',
    'simulator'
  ],
  // handlers: valibot-checked args → one service method
  'main/ipc': ['shared', 'main/app'],
  // Electron: composition root, window, registrar, tray and notification adapters
  'main/electron': ['shared', 'main/app', 'main/ipc', 'main/platform', 'main/reports'],
  preload: ['shared'],
  cli: [
    'shared',
    'main/acks',
    'main/db',
    'main/fixes',
    'main/follow',
    'main/history',
    'main/metrics',
    'main/offline',
    'main/pairs',
    'main/platform',
    'main/reports',
    'main/run',
    'main/secrets',
    'main/ssh',
    'main/store',
    'simulator'
  ]
}

/** where `electron` may be imported: the Electron folder of the main process and the preload */
export const ELECTRON_FOLDERS: readonly string[] = ['main/electron', 'preload']

/** every folder edge the table does not allow, as `from → to (file → file)` */
export function edgesOutsideTable(graph: Graph, table: Record<string, readonly string[]>): string[] {
  const out: string[] = []
  for (const [file, targets] of graph.edges) {
    const from = folderOf(file)
    if (!(from in table)) {
      out.push(`${from}: a folder with no row in LAYERS (${rel(file)})`)
      continue
    }
    for (const t of targets) {
      const to = folderOf(t)
      if (to !== from && !table[from].includes(to)) out.push(`${from} → ${to} (${rel(file)} → ${rel(t)})`)
    }
  }
  return out
}

/** files that import `electron` outside the allowed folders */
export function electronOutside(graph: Graph, allowed: readonly string[]): string[] {
  return [...graph.packages]
    .filter(([file, pkgs]) => [...pkgs].some((p) => p === 'electron' || p.startsWith('electron/')) && !allowed.includes(folderOf(file)))
    .map(([file]) => rel(file))
}

/** a graph over made-up files of src-main, for the checker's own test */
function fakeGraph(files: Record<string, { imports?: string[]; packages?: string[] }>): Graph {
  const abs = (f: string): string => join(ROOT, f)
  return {
    files: Object.keys(files).map(abs),
    edges: new Map(Object.entries(files).map(([f, x]) => [abs(f), new Set((x.imports ?? []).map(abs))])),
    packages: new Map(Object.entries(files).map(([f, x]) => [abs(f), new Set(x.packages ?? [])]))
  }
}

describe('architecture: layers', () => {
  const graph = buildGraph()

  it('the checker sees a circle, a folder cycle, an edge not in the table and electron out of place', () => {
    const bad = fakeGraph({
      'shared/domain/a.ts': { imports: ['shared/domain/b.ts'] },
      'shared/domain/b.ts': { imports: ['shared/domain/a.ts'] },
      'main/pairs/p.ts': { imports: ['main/store/s.ts'] },
      'main/store/s.ts': { imports: ['main/pairs/p.ts'] },
      'main/run/r.ts': { packages: ['electron'] },
      'main/electron/e.ts': { packages: ['electron'] },
      'main/unknown/u.ts': {}
    })
    expect(circles(bad.edges).map((c) => c.map(rel))).toEqual([
      ['shared/domain/a.ts', 'shared/domain/b.ts'],
      ['main/pairs/p.ts', 'main/store/s.ts']
    ])
    expect(circles(folderEdges(bad))).toEqual([['main/pairs', 'main/store']])
    expect(edgesOutsideTable(bad, LAYERS)).toEqual([
      'main/pairs → main/store (main/pairs/p.ts → main/store/s.ts)',
      'main/unknown: a folder with no row in LAYERS (main/unknown/u.ts)'
    ])
    expect(electronOutside(bad, ELECTRON_FOLDERS)).toEqual(['main/run/r.ts'])
  })

  it('reads the whole tree (every folder of the table has files)', () => {
    expect(graph.files.length).toBeGreaterThan(150)
    const folders = new Set(graph.files.map(folderOf))
    expect(Object.keys(LAYERS).filter((f) => !folders.has(f))).toEqual([])
  })

  it('no two files import each other, directly or around', () => {
    expect(circles(graph.edges).map((c) => c.map(rel).join(' ↔ '))).toEqual([])
  })

  it('no folders import each other, directly or around', () => {
    expect(circles(folderEdges(graph))).toEqual([])
  })

  it('every import between folders is an edge of the table', () => {
    expect(edgesOutsideTable(graph, LAYERS)).toEqual([])
  })

  it('electron is imported only under src-main/main/electron/ and by the preload', () => {
    expect(electronOutside(graph, ELECTRON_FOLDERS)).toEqual([])
    expect(graph.files.filter((f) => graph.packages.get(f)!.has('electron')).map(rel).length).toBeGreaterThan(0)
  })

  it("docs/architecture.md's map names every folder of the tree, and no folder the tree lacks", () => {
    const doc = readFileSync(join(ROOT, '..', 'docs', 'architecture.md'), 'utf8')
    const map = doc.slice(doc.indexOf('## The layers'), doc.indexOf('## One run'))
    const folders = [...new Set(graph.files.map(folderOf))].filter((f) => f.startsWith('main/')).map((f) => f.slice(5))
    const named = (f: string): boolean => new RegExp(`(^|[\\s/])${f}/`, 'm').test(map)
    expect(folders.filter((f) => !named(f))).toEqual([])
    const mapped = [...map.matchAll(/^ {3}([a-z]+)\/(?: ([a-z]+)\/)?/gm)].flatMap((m) => [m[1], m[2]]).filter((f): f is string => !!f)
    expect(mapped.filter((f) => !folders.includes(f))).toEqual([])
  })
})
