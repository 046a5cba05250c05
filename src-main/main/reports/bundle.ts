/**
 * The support bundle: a zip with the run JSON, each node's configs (secrets masked), log excerpts from
 * the collected facts, the Markdown report and a README. Every file goes through the redaction pass
 * last, whatever it was built from.
 */
import { strToU8, zipSync, type Zippable } from 'fflate'
import type { ConfigName, RunReport } from '../../shared/domain/run'
import { renderJson } from './json'
import { renderMarkdown } from './markdown'
import { redactText } from './redact'

function readme(r: RunReport, files: string[]): string {
  return [
    'NSM HA Doctor support bundle',
    '============================',
    '',
    `Pair:     ${r.pair.name}`,
    `Primary:  ${r.pair.primary.user}@${r.pair.primary.host}:${r.pair.primary.port}`,
    `Secondary:${' '}${r.pair.secondary.user}@${r.pair.secondary.host}:${r.pair.secondary.port}`,
    `Run:      ${r.runId !== undefined ? `#${r.runId} ` : ''}${r.startedAt} → ${r.finishedAt} (${r.state}), verdict ${r.verdict}`,
    '',
    'Contents:',
    ...files.map((f) => `  ${f}`),
    '',
    'Redaction: secret config values (keys ending in HMACKey, OneTimePassword, Password, PrivateKey,',
    'Secret) appear only as salted SHA-256 fingerprints (sha256:xxxxxxxx) or ***; passwords and',
    'passphrases are never collected. The configs are the parsed files, not copies of the originals.',
    ''
  ].join('\n')
}

/** Build the bundle's files (name → text); exported for tests and for a "preview contents" UI. */
export function bundleFiles(report: RunReport): Record<string, string> {
  const files: Record<string, string> = {}
  files['run.json'] = renderJson(report)
  files['report.md'] = renderMarkdown(report)
  for (const role of ['primary', 'secondary'] as const) {
    const f = report.nodes[role]
    for (const [name, cfg] of Object.entries(f.configs) as [ConfigName, NonNullable<(typeof f.configs)[ConfigName]>][]) {
      const body = cfg.error ? `# could not be read: ${cfg.error}\n` : `# ${cfg.path} on ${f.host} (secrets masked)\n${cfg.redactedText}\n`
      files[`configs/${role}/${name}`] = body
    }
    // output no parser recognised, so an admin can report the format (its first lines, secrets masked)
    for (const u of f.unrecognised ?? []) {
      files[`raw/${role}-${u.section}.txt`] = `# ${u.source} on ${f.host}: not recognised (first lines, secrets masked)\n${u.excerpt}\n`
    }
    if (f.events.length) {
      files[`logs/${role}-events.txt`] =
        f.events.map((e) => `${e.source}:${e.line} [${e.kind}]${e.at ? ` ${e.at}` : ''} ${e.text}`).join('\n') + '\n'
    }
  }
  const evidence = report.checks
    .flatMap((c) =>
      c.evidence.map(
        (e) =>
          `== ${c.id} (${c.status}) ${[e.node, e.source].filter(Boolean).join(' ')}${e.line !== undefined ? `:${e.line}` : ''}\n${e.excerpt}`
      )
    )
    .join('\n\n')
  if (evidence) files['logs/evidence.txt'] = `${evidence}\n`
  files['README.txt'] = readme(report, [...Object.keys(files), 'README.txt'].sort())
  // run.json is redacted value by value (renderJson); a pass over its JSON text would read `"pass": 3` as a secret
  for (const name of Object.keys(files)) if (name !== 'run.json') files[name] = redactText(files[name])
  return files
}

/** The zip bytes of the support bundle. */
export function buildSupportBundle(report: RunReport, mtime: Date = new Date()): Uint8Array {
  const files = bundleFiles(report)
  const zippable: Zippable = {}
  for (const [name, text] of Object.entries(files)) zippable[name] = [strToU8(text), { mtime }]
  return zipSync(zippable, { level: 6 })
}
