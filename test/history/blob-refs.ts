import type { AppStore } from '../../src-main/main/store/app-store'

/** Blobs no run uses, and blobs whose reference count differs from their uses in runs.blob_refs. */
export function blobRefsConsistent(s: Pick<AppStore, 'db'>): { orphans: number; wrongCounts: number } {
  const uses = new Map<number, number>()
  for (const r of s.db.prepare('SELECT blob_refs FROM runs WHERE blob_refs IS NOT NULL').all() as { blob_refs: string }[]) {
    for (const id of JSON.parse(r.blob_refs) as number[]) if (id) uses.set(id, (uses.get(id) ?? 0) + 1)
  }
  const blobs = s.db.prepare('SELECT id, refs FROM blobs').all() as { id: number; refs: number }[]
  return {
    orphans: blobs.filter((b) => !uses.has(b.id)).length,
    wrongCounts: blobs.filter((b) => uses.get(b.id) !== b.refs).length
  }
}
