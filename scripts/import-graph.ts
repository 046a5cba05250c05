/** Prints the import-graph figures of src-main: files, file circles, folder cycles (npx tsx scripts/import-graph.ts). */
import { buildGraph, circles, folderEdges, mutualFolders, rel } from '../test/architecture/import-graph'

const graph = buildGraph()
const fileCircles = circles(graph.edges)
const folders = folderEdges(graph)
const folderCycles = circles(folders)
console.log(`files: ${graph.files.length}`)
console.log(`import edges: ${[...graph.edges.values()].reduce((n, s) => n + s.size, 0)}`)
console.log(`file circles: ${fileCircles.length}`)
for (const c of fileCircles) console.log(`  ${c.map(rel).join(' ↔ ')}`)
console.log(`folders: ${folders.size}, folder edges: ${[...folders.values()].reduce((n, s) => n + s.size, 0)}`)
console.log(`folder cycles (strongly connected groups): ${folderCycles.length}`)
for (const c of folderCycles) console.log(`  ${c.join(', ')}`)
const mutual = mutualFolders(folders)
console.log(`folder pairs importing each other: ${mutual.length}`)
for (const m of mutual) console.log(`  ${m}`)
