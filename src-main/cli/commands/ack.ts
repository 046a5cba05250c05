/**
 * `nsm-ha-doctor ack`: acknowledge a known problem of a pair (its newest result of a check) with a reason
 * and an expiry of at most 30 days; list the open acknowledgements (or, with --ended, every one and how
 * it ended: the audit); end one by hand. Exit 0 done, 3 usage error or nothing to do (one line on stderr).
 */
import { plainLine } from '../../shared/plain-text'
import { isCheckId } from '../../shared/domain/check'
import { parseAckDuration, type Ack } from '../../shared/domain/ack'
import { runBy } from '../../main/platform/who'
import { fail, HELP_OPTION, parseCommand, UsageError } from '../args'
import { withCliStore } from '../store'
import { say, sayError, sayJson } from '../format/terminal'

const USAGE = `usage:
  nsm-ha-doctor ack --pair NAME --check ID --reason TEXT --for DURATION   (DURATION: 7d, 12h; at most 30d)
  nsm-ha-doctor ack --list [--pair NAME] [--ended] [--format text|json]
  nsm-ha-doctor ack --remove --pair NAME --check ID

An acknowledged check is shown as such everywhere; it does not notify. Exit codes and metrics leave it
out only with "check --honour-acks". It ends by itself when it expires, when the check passes, or when
the check's summary changes.`

const OPTIONS = {
  pair: { type: 'string' },
  check: { type: 'string' },
  reason: { type: 'string' },
  for: { type: 'string' },
  list: { type: 'boolean' },
  remove: { type: 'boolean' },
  ended: { type: 'boolean' },
  format: { type: 'string' },
  ...HELP_OPTION
} as const

/** Node and admin text on one terminal line: no control characters (say/sayError show bidi overrides as escapes too). */
const plain = plainLine

function line(a: Ack): string {
  const head = `${plain(a.pairName)}  ${a.checkId} (${a.status})  by ${plain(a.by)} at ${a.at}, until ${a.expiresAt}: ${plain(a.reason)}`
  if (!a.ended) return head
  return `${head}  — ended ${a.ended.at} (${a.ended.reason}${a.ended.note ? `: ${plain(a.ended.note)}` : ''}) by ${plain(a.ended.by)}`
}

export async function run(argv: string[]): Promise<number> {
  let f
  try {
    f = parseCommand({ args: argv, options: OPTIONS }).values
    if (f.help) {
      say(USAGE)
      return 0
    }
    const modes = [f.list, f.remove].filter(Boolean).length
    if (modes > 1) throw new UsageError('give --list or --remove, not both')
    if (f.format !== undefined && (!f.list || (f.format !== 'text' && f.format !== 'json')))
      throw new UsageError('--format text|json goes with --list')
    if (f.ended && !f.list) throw new UsageError('--ended goes with --list')
    if (!f.list) {
      if (!f.pair) throw new UsageError('--pair NAME is required')
      if (!f.check) throw new UsageError('--check ID is required')
      if (!isCheckId(f.check)) throw new UsageError(`unknown check "${plain(f.check).slice(0, 60)}"`)
    }
    if (f.remove && (f.reason !== undefined || f.for !== undefined)) throw new UsageError('--remove takes --pair and --check only')
    if (!f.list && !f.remove) {
      if (!f.reason?.trim()) throw new UsageError('--reason TEXT is required')
      if (!f.for) throw new UsageError('--for DURATION is required (e.g. 7d or 12h; at most 30 days)')
    }
  } catch (err) {
    return fail('ack', err, USAGE)
  }
  const flags = f
  try {
    return await withCliStore({}, (store) => {
      if (flags.list) {
        const list = flags.ended ? store.acks.history(flags.pair) : store.acks.active(flags.pair)
        if (flags.format === 'json') sayJson(list)
        else if (list.length === 0) say(flags.ended ? 'no acknowledgements' : 'no open acknowledgements')
        else for (const a of list) say(line(a))
        return 0
      }
      const checkId = flags.check as Parameters<typeof store.acks.remove>[1]
      if (flags.remove) {
        const ended = store.acks.remove(flags.pair!, checkId, runBy())
        if (!ended) {
          sayError(`nsm-ha-doctor ack: no open acknowledgement of ${checkId} on "${plain(flags.pair!)}"`)
          return 3
        }
        say(`removed: ${line(ended)}`)
        return 0
      }
      const durationMs = parseAckDuration(flags.for!)
      return import('../../main/acks/ack-service').then(({ acknowledge }) => {
        const a = acknowledge(store, { pairName: flags.pair!, checkId, reason: flags.reason!, durationMs, by: runBy() })
        say(`acknowledged: ${line(a)}`)
        return 0
      })
    })
  } catch (err) {
    return fail('ack', err)
  }
}
