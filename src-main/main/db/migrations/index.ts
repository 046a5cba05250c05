/**
 * The ordered, append-only list of schema migrations. Each is a TS string module so electron-vite and
 * esbuild bundle it. Never edit a committed migration: add the next number.
 */
import { sql as m0001 } from './0001_init'
import { sql as m0002 } from './0002_run_owner'
import { sql as m0003 } from './0003_run_statuses'
import { sql as m0004 } from './0004_pair_legacy_algorithms'
import { sql as m0005 } from './0005_pair_fleet'
import { sql as m0006 } from './0006_run_blobs'
import { sql as m0007 } from './0007_follow_samples'
import { sql as m0008 } from './0008_acks'

export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001_init', sql: m0001 },
  { version: 2, name: '0002_run_owner', sql: m0002 },
  { version: 3, name: '0003_run_statuses', sql: m0003 },
  { version: 4, name: '0004_pair_legacy_algorithms', sql: m0004 },
  { version: 5, name: '0005_pair_fleet', sql: m0005 },
  { version: 6, name: '0006_run_blobs', sql: m0006 },
  { version: 7, name: '0007_follow_samples', sql: m0007 },
  { version: 8, name: '0008_acks', sql: m0008 }
]
