/**
 * The import graph of src-main: files, the circles between files, the folders and the cycles between folders.
 * Used by layers.test.ts and printed by scripts/import-graph.ts (`npx tsx scripts/import-graph.ts`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '..', '..', 'src-main')

export interface Edge {
  from: string
  to: string
}

export function sources(dir: string = ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
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

/** the file a relative specifier names, or undefined for a package */
export function resolveSpecifier(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined
  const base = resolve(dirname(file), spec)
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return undefined
}

/**
 * The folder (layer) a file of src-main belongs to: `main/<folder>` for the main process (`main` for a file
 * at its top), and the top folder elsewhere (`shared`, `cli`, `preload`, `simulator`).
 */
export function folderOf(file: string): string {
  const parts = relative(ROOT, file).split(/[\\/]/)
  if (parts[0] === 'main') return parts.length > 2 ? `main/${parts[1]}` : 'main'
  return parts[0]
}

export interface Graph {
  files: string[]
  /** file → files it imports (inside src-main) */
  edges: Map<string, Set<string>>
  /** file → packages it imports */
  packages: Map<string, Set<string>>
}

export function buildGraph(files: string[] = sources()): Graph {
  const edges = new Map<string, Set<string>>()
  const packages = new Map<string, Set<string>>()
  for (const file of files) {
    const to = new Set<string>()
    const pkgs = new Set<string>()
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const target = resolveSpecifier(file, spec)
      if (target) to.add(target)
      else if (!spec.startsWith('.')) pkgs.add(spec)
    }
    edges.set(file, to)
    packages.set(file, pkgs)
  }
  return { files, edges, packages }
}

/** strongly connected components with more than one member (Tarjan) */
export function circles(edges: Map<string, Set<string>>): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        on.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1) out.push(scc.sort())
    }
  }
  for (const v of edges.keys()) if (!idx.has(v)) visit(v)
  return out
}

/** folder → folders it imports, from the file graph */
export function folderEdges(graph: Graph): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const [file, targets] of graph.edges) {
    const from = folderOf(file)
    if (!out.has(from)) out.set(from, new Set())
    for (const t of targets) {
      const to = folderOf(t)
      if (to !== from) out.get(from)!.add(to)
    }
  }
  return out
}

/** pairs of folders that import each other */
export function mutualFolders(folders: Map<string, Set<string>>): string[] {
  const out: string[] = []
  for (const [a, tos] of folders) for (const b of tos) if (a < b && folders.get(b)?.has(a)) out.push(`${a}↔${b}`)
  return out.sort()
}

export const rel = (file: string): string => relative(ROOT, file)
