/**
 * The non-database files .haDoDirect keeps in step (HOME/GuiSvr/var, docs/simulator.md): written with the
 * same times on both nodes, so a healthy pair is in sync for rsync's quick check (size and time) — as it
 * is after a real sync, which copies times (`-a`). A scenario's `varFiles` are written afterwards, with
 * the time of writing: they are the files that drifted (rsync-drift).
 */
import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { NodeSpec } from './spec'

/** Set the times of `dir` and everything under it to `atMs` (children before their directory). */
export function alignTimes(dir: string, atMs: number): void {
  const t = Math.floor(atMs / 1000)
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      utimesSync(p, t, t)
    }
    utimesSync(d, t, t)
  }
  walk(dir)
}

/** Write a node's GuiSvr/var as a synced tree: times aligned to `syncedAt`, then the drifted files. */
export function settleVarFiles(varDir: string, node: NodeSpec, syncedAt: number): void {
  alignTimes(varDir, syncedAt)
  for (const [path, text] of node.varFiles ?? []) {
    mkdirSync(join(varDir, path, '..'), { recursive: true })
    writeFileSync(join(varDir, path), text)
  }
}
