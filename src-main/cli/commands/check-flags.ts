/** The flags of `nsm-ha-doctor check` (one pair, --pair, --all, --from-files) and its output formats. */
import { HELP_OPTION } from '../args'
import { TARGET_OPTIONS, type TargetFlags } from '../pair-flags'

export const CHECK_OPTIONS = {
  ...TARGET_OPTIONS,
  pair: { type: 'string' },
  all: { type: 'boolean' },
  tag: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  'known-hosts': { type: 'string' },
  'accept-new-host-keys': { type: 'boolean' },
  sudo: { type: 'boolean' },
  timeout: { type: 'string' },
  format: { type: 'string' },
  'no-save': { type: 'boolean' },
  'honour-acks': { type: 'boolean' },
  'from-files': { type: 'string', multiple: true },
  ...HELP_OPTION
} as const

export interface CheckFlags extends TargetFlags {
  pair?: string
  all?: boolean
  tag?: string[]
  concurrency?: string
  'known-hosts'?: string
  'accept-new-host-keys'?: boolean
  sudo?: boolean
  timeout?: string
  format?: string
  'no-save'?: boolean
  'honour-acks'?: boolean
  'from-files'?: string[]
  help?: boolean
}

export type CheckFormat = 'text' | 'json' | 'nagios' | 'prometheus'
