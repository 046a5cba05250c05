/**
 * Static analysis of the Electron security settings, from the TypeScript sources (no Electron loaded):
 * BrowserWindow webPreferences, the Content-Security-Policy (renderer meta tag and/or a session header),
 * navigation / window-open / permission guards, and "every IPC channel of the contract has a runtime
 * schema". Pure functions over source text so the test can also prove that each rule fires.
 */
import ts from 'typescript'

export interface Finding {
  rule: string
  message: string
}

function parse(text: string, file = 'x.ts'): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node)
  node.forEachChild((c) => walk(c, visit))
}

function propName(p: ts.ObjectLiteralElementLike): string | undefined {
  if (!p.name) return undefined
  if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) return p.name.text
  return undefined
}

/** Follow an identifier to a `const x = { ... }` (optionally `as const` / `satisfies`) in the same file. */
function resolveObject(expr: ts.Expression | undefined, sf: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  while (expr && (ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isParenthesizedExpression(expr))) expr = expr.expression
  if (!expr) return undefined
  if (ts.isObjectLiteralExpression(expr)) return expr
  if (ts.isIdentifier(expr)) {
    let found: ts.ObjectLiteralExpression | undefined
    walk(sf, (n) => {
      if (!found && ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === expr.text)
        found = resolveObject(n.initializer, sf)
    })
    return found
  }
  if (ts.isCallExpression(expr)) {
    // a helper such as secureWebPreferences(): look at its returned object literal in this file
    const callee = expr.expression
    if (ts.isIdentifier(callee)) {
      let found: ts.ObjectLiteralExpression | undefined
      walk(sf, (n) => {
        if (found) return
        const fn =
          (ts.isFunctionDeclaration(n) && n.name?.text === callee.text && n) ||
          (ts.isVariableDeclaration(n) &&
            ts.isIdentifier(n.name) &&
            n.name.text === callee.text &&
            n.initializer &&
            (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer)) &&
            n.initializer)
        if (!fn) return
        const body = fn.body
        if (body && !ts.isBlock(body)) found = resolveObject(body as ts.Expression, sf)
        else if (body)
          walk(body, (r) => {
            if (!found && ts.isReturnStatement(r)) found = resolveObject(r.expression, sf)
          })
      })
      return found
    }
  }
  return undefined
}

/** Literal value of a property: true / false / string / 'other' (computed) / undefined (absent). */
function literal(obj: ts.ObjectLiteralExpression, name: string): boolean | string | 'other' | undefined {
  for (const p of obj.properties) {
    if (ts.isSpreadAssignment(p)) continue
    if (propName(p) !== name) continue
    if (ts.isShorthandPropertyAssignment(p)) return 'other'
    if (!ts.isPropertyAssignment(p)) return 'other'
    const v = p.initializer
    if (v.kind === ts.SyntaxKind.TrueKeyword) return true
    if (v.kind === ts.SyntaxKind.FalseKeyword) return false
    if (ts.isStringLiteralLike(v)) return v.text
    return 'other'
  }
  return undefined
}

export interface WindowAnalysis {
  windows: number
  findings: Finding[]
}

/** Every `new BrowserWindow({...})` in the file: its webPreferences must be locked down. */
export function analyzeBrowserWindows(text: string, file = 'window.ts'): WindowAnalysis {
  const sf = parse(text, file)
  const findings: Finding[] = []
  let windows = 0
  walk(sf, (n) => {
    if (!ts.isNewExpression(n) || n.expression.getText(sf) !== 'BrowserWindow') return
    windows++
    const at = `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`
    const opts = resolveObject(n.arguments?.[0], sf)
    if (!opts) {
      findings.push({ rule: 'webPreferences', message: `${at}: BrowserWindow options are not a readable object literal` })
      return
    }
    const wpProp = opts.properties.find((p) => propName(p) === 'webPreferences')
    const wp = wpProp && ts.isPropertyAssignment(wpProp) ? resolveObject(wpProp.initializer, sf) : undefined
    if (!wp) {
      findings.push({ rule: 'webPreferences', message: `${at}: no webPreferences object (contextIsolation/sandbox must be explicit)` })
      return
    }
    if (opts.properties.some(ts.isSpreadAssignment) || wp.properties.some(ts.isSpreadAssignment))
      findings.push({ rule: 'webPreferences', message: `${at}: spread in window options hides settings from review` })
    const must = (name: string, want: boolean): void => {
      const v = literal(wp, name)
      if (v !== want)
        findings.push({
          rule: name,
          message: `${at}: webPreferences.${name} must be ${want} (is ${v === undefined ? 'absent' : String(v)})`
        })
    }
    const mustNot = (name: string, bad: boolean): void => {
      const v = literal(wp, name)
      if (v === bad || v === 'other')
        findings.push({ rule: name, message: `${at}: webPreferences.${name} must not be ${bad} (is ${String(v)})` })
    }
    must('contextIsolation', true)
    must('sandbox', true)
    mustNot('nodeIntegration', true)
    mustNot('nodeIntegrationInWorker', true)
    mustNot('nodeIntegrationInSubFrames', true)
    mustNot('webSecurity', false)
    mustNot('allowRunningInsecureContent', true)
    mustNot('experimentalFeatures', true)
    mustNot('webviewTag', true)
    if (literal(wp, 'enableBlinkFeatures') !== undefined)
      findings.push({ rule: 'enableBlinkFeatures', message: `${at}: enableBlinkFeatures is set` })
  })
  return { windows, findings }
}

/** Directives a CSP for this app must have, and the sources that would make it toothless. */
export function analyzeCsp(policy: string): Finding[] {
  const findings: Finding[] = []
  const directives = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) directives.set(name.toLowerCase(), values)
  }
  const script = directives.get('script-src') ?? directives.get('default-src')
  if (!directives.has('default-src')) findings.push({ rule: 'csp', message: 'CSP has no default-src' })
  if (!script) findings.push({ rule: 'csp', message: 'CSP has no script-src/default-src' })
  for (const [name, values] of directives) {
    if (!/^(default-src|script-src|script-src-elem|object-src|connect-src|frame-src|child-src|worker-src)$/.test(name)) continue
    for (const v of values) {
      if (
        v === '*' ||
        /^(https?:|http:\/\/|data:|blob:)$/.test(v) ||
        (name !== 'connect-src' && /^'unsafe-(inline|eval)'$/.test(v)) ||
        v === "'unsafe-hashes'"
      )
        findings.push({ rule: 'csp', message: `CSP ${name} allows ${v}` })
    }
  }
  const obj = directives.get('object-src') ?? directives.get('default-src')
  if (obj && !obj.includes("'none'") && !obj.includes("'self'")) findings.push({ rule: 'csp', message: 'CSP object-src is not restricted' })
  return findings
}

/** The CSP from `<meta http-equiv="Content-Security-Policy" content="...">`, if any. */
export function cspFromHtml(html: string): string | undefined {
  const metas = html.match(/<meta\b[^>]*>/gis) ?? []
  for (const m of metas) {
    if (!/http-equiv\s*=\s*["']?content-security-policy/i.test(m)) continue
    const c = /content\s*=\s*(?:"([^"]*)"|'([^']*)')/is.exec(m)
    if (c) return (c[1] ?? c[2]).replace(/\s+/g, ' ').trim()
  }
  return undefined
}

/** A CSP set as a response header in the main process (`'Content-Security-Policy': [...]`), if any. */
export function cspFromMainSource(text: string): string | undefined {
  const sf = parse(text)
  let policy: string | undefined
  walk(sf, (n) => {
    if (policy || !ts.isPropertyAssignment(n)) return
    const name = ts.isStringLiteral(n.name) || ts.isIdentifier(n.name) ? n.name.text : ''
    if (name.toLowerCase() !== 'content-security-policy') return
    walk(n.initializer, (v) => {
      if (!policy && ts.isStringLiteralLike(v)) policy = v.text
    })
    if (!policy && ts.isIdentifier(n.initializer)) {
      const id = n.initializer.text
      walk(sf, (d) => {
        if (!policy && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.name.text === id && d.initializer) {
          walk(d.initializer, (v) => {
            if (!policy && ts.isStringLiteralLike(v)) policy = v.text
          })
        }
      })
    }
  })
  return policy
}

/** Navigation and new-window guards (Electron checklist 13/14) and the permission handler (5). */
export function analyzeGuards(mainSources: string): Finding[] {
  const findings: Finding[] = []
  if (!/setWindowOpenHandler\s*\(/.test(mainSources))
    findings.push({ rule: 'window-open', message: 'no setWindowOpenHandler: new windows are not denied' })
  if (!/['"]will-navigate['"]/.test(mainSources))
    findings.push({ rule: 'navigation', message: "no 'will-navigate' handler: the renderer may navigate away" })
  if (!/setPermissionRequestHandler\s*\(/.test(mainSources))
    findings.push({ rule: 'permissions', message: 'no setPermissionRequestHandler: permission requests are not refused' })
  if (/\.loadURL\s*\(\s*['"`]http:/.test(mainSources)) findings.push({ rule: 'insecure-content', message: 'loads a plain http URL' })
  return findings
}

/**
 * Channel names of the IPC contract: string literals shaped like channels (`pairs:list`, `run.start`)
 * that are values of properties or union members in ipc-contract.ts.
 */
export function contractChannels(text: string): string[] {
  const sf = parse(text, 'ipc-contract.ts')
  const names = new Set<string>()
  const channel = /^[a-z][a-zA-Z0-9-]*[:./][a-zA-Z0-9:./-]+$/
  walk(sf, (n) => {
    if (ts.isStringLiteral(n) && channel.test(n.text) && !ts.isImportDeclaration(n.parent) && !ts.isExportDeclaration(n.parent))
      names.add(n.text)
    if ((ts.isPropertySignature(n) || ts.isPropertyAssignment(n)) && n.name && ts.isStringLiteral(n.name) && channel.test(n.name.text))
      names.add(n.name.text)
  })
  return [...names].sort()
}

/**
 * Channels that have a schema in ipc-schemas.ts: names used as object keys (literal or `[CH.x]`
 * resolved through the contract's constant object) whose value is a schema expression.
 */
export function schemaChannels(schemasText: string, contractText: string): string[] {
  const consts = new Map<string, string>()
  // constant objects of the contract, e.g. export const IPC = { listPairs: 'pairs:list' } as const
  const csf = parse(contractText, 'ipc-contract.ts')
  walk(csf, (n) => {
    if (!ts.isVariableDeclaration(n) || !ts.isIdentifier(n.name)) return
    const obj = resolveObject(n.initializer, csf)
    if (!obj) return
    for (const p of obj.properties) {
      if (ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer))
        consts.set(`${n.name.text}.${propName(p)}`, p.initializer.text)
    }
  })
  const sf = parse(schemasText, 'ipc-schemas.ts')
  const found = new Set<string>()
  walk(sf, (n) => {
    if (!ts.isPropertyAssignment(n)) return
    let key: string | undefined
    if (ts.isStringLiteral(n.name)) key = n.name.text
    else if (ts.isComputedPropertyName(n.name)) {
      const e = n.name.expression
      if (ts.isStringLiteralLike(e)) key = e.text
      else key = consts.get(e.getText(sf))
    }
    if (!key) return
    // a schema is anything but a bare literal (v.object(...), a schema identifier, { input, output } ...)
    const v = n.initializer
    if (v.kind === ts.SyntaxKind.NullKeyword || v.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(v) && v.text === 'undefined'))
      return
    found.add(key)
  })
  return [...found].sort()
}

/** The text of the innermost function (arrow, expression or declaration) around a node, or the file's. */
function enclosingFunctionText(n: ts.Node, sf: ts.SourceFile): string {
  let p: ts.Node | undefined = n.parent
  while (p && !ts.isArrowFunction(p) && !ts.isFunctionExpression(p) && !ts.isFunctionDeclaration(p) && !ts.isMethodDeclaration(p))
    p = p.parent
  return (p ?? sf).getText(sf)
}

/** Calls `<obj>.<method>(...)` in a file, e.g. ipcMain.handle, shell.openExternal. */
function calls(sf: ts.SourceFile, obj: string, method: string): ts.CallExpression[] {
  const out: ts.CallExpression[] = []
  walk(sf, (n) => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === method &&
      n.expression.expression.getText(sf) === obj
    )
      out.push(n)
  })
  return out
}

/**
 * Checklist 17: every `ipcMain.handle(channel, listener)` in the Electron main sources checks the sender:
 * its listener reads `senderFrame` (the app's own frame, see electron-policy.ts isTrustedSender).
 */
export function analyzeIpcSenderChecks(text: string, file = 'index.ts'): Finding[] {
  const sf = parse(text, file)
  const findings: Finding[] = []
  for (const c of calls(sf, 'ipcMain', 'handle')) {
    const listener = c.arguments[1]
    const at = `${file}:${sf.getLineAndCharacterOfPosition(c.getStart(sf)).line + 1}`
    if (!listener || !/\bsenderFrame\b/.test(listener.getText(sf)))
      findings.push({ rule: 'ipc-sender', message: `${at}: ipcMain.handle listener does not check event.senderFrame` })
  }
  return findings
}

/** Checklist 15: `shell.openExternal(url)` only behind the allowlist (externalUrlAllowed) in the same function. */
export function analyzeOpenExternal(text: string, file = 'window.ts'): Finding[] {
  const sf = parse(text, file)
  return calls(sf, 'shell', 'openExternal')
    .filter((c) => !/\bexternalUrlAllowed\s*\(/.test(enclosingFunctionText(c, sf)))
    .map((c) => ({
      rule: 'open-external',
      message: `${file}:${sf.getLineAndCharacterOfPosition(c.getStart(sf)).line + 1}: shell.openExternal without the URL allowlist`
    }))
}

/**
 * No DevTools in a packaged build: every BrowserWindow's webPreferences sets `devTools` to false or to an
 * expression of `app.isPackaged`, and a `toggleDevTools` menu role only appears under such a condition.
 */
export function analyzeDevTools(text: string, file = 'window.ts'): Finding[] {
  const sf = parse(text, file)
  const findings: Finding[] = []
  walk(sf, (n) => {
    if (!ts.isNewExpression(n) || n.expression.getText(sf) !== 'BrowserWindow') return
    const at = `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`
    const opts = resolveObject(n.arguments?.[0], sf)
    const wpProp = opts?.properties.find((p) => propName(p) === 'webPreferences')
    const wp = wpProp && ts.isPropertyAssignment(wpProp) ? resolveObject(wpProp.initializer, sf) : undefined
    const dt = wp?.properties.find((p) => propName(p) === 'devTools')
    const ok =
      dt &&
      ts.isPropertyAssignment(dt) &&
      (dt.initializer.kind === ts.SyntaxKind.FalseKeyword || /\bisPackaged\b/.test(dt.initializer.getText(sf)))
    if (!ok) findings.push({ rule: 'devTools', message: `${at}: webPreferences.devTools must be false or depend on app.isPackaged` })
  })
  walk(sf, (n) => {
    if (!ts.isStringLiteral(n) || n.text !== 'toggleDevTools') return
    let p: ts.Node | undefined = n.parent
    let guarded = false
    while (p && p !== sf) {
      if ((ts.isConditionalExpression(p) || ts.isIfStatement(p) || ts.isBinaryExpression(p)) && /\bisPackaged\b/.test(p.getText(sf)))
        guarded = true
      p = p.parent
    }
    if (!guarded)
      findings.push({
        rule: 'devTools',
        message: `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: the toggleDevTools menu item is not limited to development builds`
      })
  })
  return findings
}

/** Checklist 18: the renderer is served from a custom protocol, never loaded from file://. */
export function analyzeAppProtocol(mainSources: string): Finding[] {
  const findings: Finding[] = []
  if (/\.loadFile\s*\(/.test(mainSources) || /\.loadURL\s*\(\s*['"`]file:/.test(mainSources))
    findings.push({ rule: 'file-protocol', message: 'the renderer is loaded from file://' })
  if (!/registerSchemesAsPrivileged\s*\(/.test(mainSources) || !/protocol\.handle\s*\(/.test(mainSources))
    findings.push({ rule: 'file-protocol', message: 'no custom protocol registered and handled for the renderer' })
  return findings
}
