/** Saved pairs: prepared statements and row ⇄ PairConfig mapping. No secret is ever a column here. */
import { randomBytes } from 'node:crypto'
import type { Db } from './database'
import type { AuthKind, Endpoint, NodeEndpoint, PairConfig, SudoMode } from '../../shared/domain/pair'
import type { PairScheduleFields, QuietWindow } from '../../shared/domain/schedule'

/** A pair as stored: always has an id, its fingerprint salt and timestamps. */
export interface SavedPair extends PairConfig {
  id: number
  /** per-pair salt of secret fingerprints (not a secret: it only makes fingerprints pair-specific) */
  salt: string
  createdAt: string
  updatedAt: string
}

interface PairRow {
  id: number
  name: string
  primary_host: string
  primary_port: number
  primary_user: string
  primary_auth: AuthKind
  primary_identity: string | null
  primary_sudo: SudoMode
  secondary_host: string
  secondary_port: number
  secondary_user: string
  secondary_auth: AuthKind
  secondary_identity: string | null
  secondary_sudo: SudoMode
  jump_host: string | null
  jump_port: number | null
  jump_user: string | null
  jump_auth: AuthKind | null
  jump_identity: string | null
  nsm_home: string
  nsm_data: string
  ha_init: string
  tags: string
  notes: string
  allow_legacy_algorithms: number
  schedule_minutes: number | null
  quiet_hours: string | null
  notify_muted: number
  salt: string
  created_at: string
  updated_at: string
}

const COLUMNS = `name, primary_host, primary_port, primary_user, primary_auth, primary_identity, primary_sudo,
  secondary_host, secondary_port, secondary_user, secondary_auth, secondary_identity, secondary_sudo,
  jump_host, jump_port, jump_user, jump_auth, jump_identity, nsm_home, nsm_data, ha_init, tags, notes, allow_legacy_algorithms`
const PARAMS = `@name, @primary_host, @primary_port, @primary_user, @primary_auth, @primary_identity, @primary_sudo,
  @secondary_host, @secondary_port, @secondary_user, @secondary_auth, @secondary_identity, @secondary_sudo,
  @jump_host, @jump_port, @jump_user, @jump_auth, @jump_identity, @nsm_home, @nsm_data, @ha_init, @tags, @notes, @allow_legacy_algorithms`

function node(row: PairRow, p: 'primary' | 'secondary'): NodeEndpoint {
  const identity = row[`${p}_identity`]
  return {
    host: row[`${p}_host`],
    port: row[`${p}_port`],
    user: row[`${p}_user`],
    auth: row[`${p}_auth`],
    ...(identity ? { identityFile: identity } : {}),
    sudo: row[`${p}_sudo`]
  }
}

function toPair(row: PairRow): SavedPair {
  let jumpHost: Endpoint | undefined
  if (row.jump_host) {
    jumpHost = {
      host: row.jump_host,
      port: row.jump_port ?? 22,
      user: row.jump_user ?? '',
      auth: row.jump_auth ?? 'agent',
      ...(row.jump_identity ? { identityFile: row.jump_identity } : {})
    }
  }
  return {
    id: row.id,
    name: row.name,
    primary: node(row, 'primary'),
    secondary: node(row, 'secondary'),
    ...(jumpHost ? { jumpHost } : {}),
    paths: { nsmHome: row.nsm_home, nsmData: row.nsm_data, haInit: row.ha_init },
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    ...(row.allow_legacy_algorithms ? { allowLegacyAlgorithms: true } : {}),
    ...scheduleOf(row),
    salt: row.salt,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

function toParams(p: PairConfig): Record<string, string | number | null> {
  return {
    name: p.name,
    primary_host: p.primary.host,
    primary_port: p.primary.port,
    primary_user: p.primary.user,
    primary_auth: p.primary.auth,
    primary_identity: p.primary.identityFile ?? null,
    primary_sudo: p.primary.sudo,
    secondary_host: p.secondary.host,
    secondary_port: p.secondary.port,
    secondary_user: p.secondary.user,
    secondary_auth: p.secondary.auth,
    secondary_identity: p.secondary.identityFile ?? null,
    secondary_sudo: p.secondary.sudo,
    jump_host: p.jumpHost?.host ?? null,
    jump_port: p.jumpHost?.port ?? null,
    jump_user: p.jumpHost?.user ?? null,
    jump_auth: p.jumpHost?.auth ?? null,
    jump_identity: p.jumpHost?.identityFile ?? null,
    nsm_home: p.paths.nsmHome,
    nsm_data: p.paths.nsmData,
    ha_init: p.paths.haInit,
    tags: JSON.stringify(p.tags),
    notes: p.notes,
    allow_legacy_algorithms: p.allowLegacyAlgorithms ? 1 : 0
  }
}

/** the 0005 columns: only what is set (omitted = the default schedule, notifications on) */
function scheduleOf(row: Pick<PairRow, 'schedule_minutes' | 'quiet_hours' | 'notify_muted'>): PairScheduleFields {
  return {
    ...(row.schedule_minutes !== null ? { scheduleMinutes: row.schedule_minutes } : {}),
    ...(row.quiet_hours !== null ? { quietHours: JSON.parse(row.quiet_hours) as QuietWindow[] } : {}),
    ...(row.notify_muted ? { notifyMuted: true } : {})
  }
}

/** Which schedule fields a save sets: a field left undefined keeps its stored value (null resets it). */
function scheduleParams(id: number, f: PairScheduleFields): Record<string, string | number | null> {
  return {
    id,
    set_schedule: f.scheduleMinutes !== undefined ? 1 : 0,
    schedule_minutes: f.scheduleMinutes ?? null,
    set_quiet: f.quietHours !== undefined ? 1 : 0,
    quiet_hours: f.quietHours ? JSON.stringify(f.quietHours) : null,
    set_muted: f.notifyMuted !== undefined ? 1 : 0,
    notify_muted: f.notifyMuted ? 1 : 0
  }
}

export class PairRepo {
  readonly #list
  readonly #byId
  readonly #byName
  readonly #insert
  readonly #update
  readonly #delete
  readonly #schedule

  constructor(db: Db) {
    this.#list = db.prepare('SELECT * FROM pairs ORDER BY name COLLATE NOCASE')
    this.#byId = db.prepare('SELECT * FROM pairs WHERE id = ?')
    this.#byName = db.prepare('SELECT * FROM pairs WHERE name = ? COLLATE NOCASE')
    this.#insert = db.prepare(`INSERT INTO pairs (${COLUMNS}, salt, created_at, updated_at) VALUES (${PARAMS}, @salt, @now, @now)`)
    this.#update = db.prepare(`UPDATE pairs SET (${COLUMNS}, updated_at) = (${PARAMS}, @now) WHERE id = @id`)
    this.#delete = db.prepare('DELETE FROM pairs WHERE id = ?')
    this.#schedule = db.prepare(
      `UPDATE pairs SET
        schedule_minutes = CASE WHEN @set_schedule THEN @schedule_minutes ELSE schedule_minutes END,
        quiet_hours = CASE WHEN @set_quiet THEN @quiet_hours ELSE quiet_hours END,
        notify_muted = CASE WHEN @set_muted THEN @notify_muted ELSE notify_muted END
      WHERE id = @id`
    )
  }

  list(): SavedPair[] {
    return (this.#list.all() as PairRow[]).map(toPair)
  }

  get(id: number): SavedPair | undefined {
    const row = this.#byId.get(id) as PairRow | undefined
    return row ? toPair(row) : undefined
  }

  getByName(name: string): SavedPair | undefined {
    const row = this.#byName.get(name) as PairRow | undefined
    return row ? toPair(row) : undefined
  }

  /** Insert a new pair with a fresh random salt; returns it as stored. */
  insert(pair: PairConfig, now = new Date().toISOString()): SavedPair {
    const info = this.#insert.run({ ...toParams(pair), salt: randomBytes(16).toString('hex'), now })
    const id = Number(info.lastInsertRowid)
    this.#schedule.run(scheduleParams(id, pair))
    return this.get(id)!
  }

  /** Update every field but the salt (fingerprints stay comparable across runs). */
  update(id: number, pair: PairConfig, now = new Date().toISOString()): SavedPair {
    const info = this.#update.run({ ...toParams(pair), id, now })
    if (info.changes === 0) throw new Error(`no saved pair with id ${id}`)
    this.#schedule.run(scheduleParams(id, pair))
    return this.get(id)!
  }

  /** Set a pair's schedule / quiet hours / mute (undefined fields are kept, null resets to the default). */
  setSchedule(id: number, fields: PairScheduleFields): boolean {
    return this.#schedule.run(scheduleParams(id, fields)).changes > 0
  }

  delete(id: number): boolean {
    return this.#delete.run(id).changes > 0
  }
}
