/**
 * Child of redaction-linear.test.ts: redacts the adversarial inputs and prints what the test asserts, as
 * JSON on one line. Run in its own process so that a quadratic pass can be stopped instead of hanging.
 */
import { parseCfg } from '../../src-main/main/diagnostics/parsers/cfg'
import { parseDf } from '../../src-main/main/diagnostics/parsers/system'
import { MASK, redactDeep, redactText } from '../../src-main/main/reports/redact'
import { adversarialText, PLANTED } from './adversarial-text'

const text = adversarialText()
const out = redactText(text)
const long = `${'k'.repeat(200_000)}.HMACKey`
const cfg = `highAvail.isHaEnabled yes\n${long} ${PLANTED[0]}\nhighAvail.HMACKey ${PLANTED[1]}\n`
const file = parseCfg(cfg, '/usr/netscreen/HaSvr/var/haSvr.cfg', 'salt')
const stored = JSON.stringify(redactDeep(file))
// 1 MiB runs of each shape the rules read: key=value chains, labels, next-line keys, PEM headers
const SHAPES = ['a=', 'a:', 'Password=x ', 'key=', 'x.y (', 'HMAC key:\n', 'pwd\n', '-----BEGIN PRIVATE KEY-----\n']
const shapesDone = SHAPES.filter((u) => typeof redactText(u.repeat(Math.floor((1 << 20) / u.length))) === 'string').length
process.stdout.write(
  `${JSON.stringify({
    inputLength: text.length,
    outputLength: out.length,
    shapesDone,
    // the long runs that hold no key=value pair come out as they went in
    keptRuns: text
      .split('\n')
      .filter((l) => !/[=:]/.test(l) && l.length > 1000)
      .filter((l) => out.includes(l)).length,
    plantedLeft: PLANTED.filter((s) => out.includes(s)),
    masked: [`highAvail.HMACKey ${MASK}`, `guiSvr.clientOneTimePassword=${MASK}`, `:clientOneTimePassword (${MASK})`].filter((s) =>
      out.includes(s)
    ).length,
    cfg: {
      plantedLeft: PLANTED.slice(0, 2).filter((s) => stored.includes(s)),
      haEnabled: file.entries.find((e) => e.key === 'highAvail.isHaEnabled')?.value,
      longestKey: Math.max(...file.entries.map((e) => e.key.length)),
      storedLength: stored.length
    },
    // a df section of 1 MiB of digits (no line break, no %): not a disk reading
    dfOfDigits: parseDf('9'.repeat(1 << 20)) ?? null
  })}\n`
)
