/** Prints the largest functions of src-main by lines (npx tsx scripts/largest-functions.ts [count]). */
import { readFileSync } from 'node:fs'
import ts from 'typescript'
import { rel, sources } from '../test/architecture/import-graph'

const rows: { name: string; lines: number }[] = []
for (const file of sources()) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart()).line
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line
      let name = (node as ts.FunctionDeclaration).name?.getText() ?? ''
      if (!name && ts.isVariableDeclaration(node.parent)) name = node.parent.name.getText()
      if (!name && ts.isPropertyAssignment(node.parent)) name = node.parent.name.getText()
      rows.push({ name: `${rel(file)}:${start + 1} ${name || '(anonymous)'}`, lines: end - start + 1 })
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
}
rows.sort((a, b) => b.lines - a.lines)
for (const r of rows.slice(0, Number(process.argv[2] ?? 15))) console.log(`${String(r.lines).padStart(5)}  ${r.name}`)
