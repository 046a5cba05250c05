/**
 * Format variants: the same pair state (a scenario) written in another of the formats a real NSM server
 * may print. A variant changes only how files and command outputs look, never what they say, so every
 * scenario must give the same verdicts under every variant. docs/nsm-formats.md ("Format variants") lists
 * each one next to the assumption it exercises.
 */

export const SIM_VARIANTS = [
  'tabular',
  'hastatus-compact',
  'hastatus-wording',
  'hastatus-kb10366',
  'hastatus-ip-led',
  'stamps-syslog',
  'stamps-iso',
  'stamps-none',
  'crlf',
  'cfg-equals-tabs',
  'cfg-aliases',
  'cfg-duplicates',
  'cfg-server-ip',
  'logs-rotated',
  'logs-gz',
  'long-cmd'
] as const
export type SimVariant = (typeof SIM_VARIANTS)[number]

export const DEFAULT_VARIANT: SimVariant = 'tabular'

export function isSimVariant(value: string): value is SimVariant {
  return (SIM_VARIANTS as readonly string[]).includes(value)
}

/** How a node's files and outputs are written (one field per format dimension). */
export interface NodeFormat {
  /**
   * haStatus: the layout of A-5, only the two KB10366 lines, process lines in other wordings, KB10366's whole
   * sample byte for byte, or state lines led by the server's IP
   */
  haStatus: 'tabular' | 'compact' | 'wording' | 'kb10366' | 'ip-led'
  /** guiDaemon.0 timestamps */
  stamps: 'slash' | 'syslog' | 'iso' | 'none'
  /** line ends of configs, logs, version and .haDoDirect.result */
  crlf: boolean
  /**
   * config lines: `key value`, a mix of `key=value` / tabs / `key = value`, alias key names, stale duplicates, or
   * the pair's addresses as `highAvail.primaryServerIp` / `highAvail.secondaryServerIp` (the same on both nodes)
   */
  cfg: 'space' | 'equals-tabs' | 'aliases' | 'duplicates' | 'server-ip'
  /** guiDaemon.0 holds the lines from the last start on, the older ones are in guiDaemon.1 */
  rotated: boolean
  /** rotated guiDaemon files are written compressed, as `guiDaemon.k.gz` */
  gz: boolean
  /** ha.log `cmd:` lines several KiB long (many --exclude options) */
  longCmd: boolean
}

const BASE: NodeFormat = { haStatus: 'tabular', stamps: 'slash', crlf: false, cfg: 'space', rotated: false, gz: false, longCmd: false }

/** What each variant changes from the tabular format of docs/nsm-formats.md. */
export const VARIANT_FORMATS: Record<SimVariant, Partial<NodeFormat>> = {
  tabular: {},
  'hastatus-compact': { haStatus: 'compact' },
  'hastatus-wording': { haStatus: 'wording' },
  'hastatus-kb10366': { haStatus: 'kb10366' },
  'hastatus-ip-led': { haStatus: 'ip-led' },
  'stamps-syslog': { stamps: 'syslog' },
  'stamps-iso': { stamps: 'iso' },
  'stamps-none': { stamps: 'none' },
  crlf: { crlf: true },
  'cfg-equals-tabs': { cfg: 'equals-tabs' },
  'cfg-aliases': { cfg: 'aliases' },
  'cfg-duplicates': { cfg: 'duplicates' },
  'cfg-server-ip': { cfg: 'server-ip' },
  'logs-rotated': { rotated: true },
  'logs-gz': { gz: true },
  'long-cmd': { longCmd: true }
}

export function nodeFormat(variant: SimVariant): NodeFormat {
  return { ...BASE, ...VARIANT_FORMATS[variant] }
}

/**
 * Alias key names written by `cfg-aliases`: the primary uses one accepted alias of each
 * key, the secondary another, so one pair covers two aliases per key.
 */
export const CFG_ALIASES: Record<'primary' | 'secondary', Record<string, string>> = {
  primary: {
    'highAvail.localIpAddr': 'highAvail.localAddr',
    'highAvail.peerIpAddr': 'highAvail.peerAddr',
    'highAvail.pingableIp': 'highAvail.pingableIpAddr',
    'guiSvr.setuid': 'highAvail.setuid'
  },
  secondary: {
    'highAvail.localIpAddr': 'highAvail.myAddr',
    'highAvail.peerIpAddr': 'highAvail.peerIp',
    'highAvail.pingableIp': 'highAvail.pingIp',
    'guiSvr.setuid': 'highAvail.setuid'
  }
}

/** Stale values written before the real line by `cfg-duplicates` (the last occurrence wins). */
export const CFG_STALE: Record<string, string> = {
  'highAvail.isHaEnabled': 'n',
  'highAvail.peerIpAddr': '127.0.0.99',
  'highAvail.rsyncUser': 'oldsync',
  'highAvail.writetoLog': 'n',
  'highAvail.pingableIp': '127.0.0.253',
  'guiSvr.setuid': 'nobody',
  'devSvr.setuid': 'nobody'
}
