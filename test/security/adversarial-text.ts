/**
 * 1 MiB of text built to make backtracking regexes over node output quadratic: a 200,000-character key
 * name, long runs of key characters with no separator, `xPassword=` repeated (a key one character too
 * short, whose value is the rest of the run), runs of blanks, a key with no value; with real secrets
 * planted at the start, in the middle and at the end. Shared by the redaction test and the benchmark.
 */
export const PLANTED = ['Zq7-start-secret-value', 'Zq7-middle-secret-value', 'Zq7-end-secret-value']

export function adversarialText(bytes = 1 << 20): string {
  const block = (n: number, unit: string): string => unit.repeat(Math.max(1, Math.floor(n / unit.length)))
  const part = Math.floor((bytes - 200) / 8)
  return [
    `highAvail.HMACKey ${PLANTED[0]}`,
    `${block(part, 'a')}Password`,
    block(part, 'x.'),
    block(part, 'xPassword='),
    `  guiSvr.clientOneTimePassword=${PLANTED[1]}`,
    block(part, ' \t'),
    `${block(part, 'k')}.HMACKey`,
    block(part, 'aPassword:'),
    block(part, '9.-'),
    `${block(part, 'b')}Secret=sha256:0badf00d`,
    `:clientOneTimePassword (${PLANTED[2]})`
  ].join('\n')
}
