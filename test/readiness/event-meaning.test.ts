/** Every event kind the parsers produce has a one-line meaning and feeds a check of the catalog. */
import { describe, expect, it } from 'vitest'
import { CHECK_IDS } from '../../src-main/shared/domain/check'
import { EVENT_MEANINGS } from '../../src-main/shared/domain/event-meaning'

describe('timeline event meanings', () => {
  it('one line per kind, each linked to a check of the catalog', () => {
    for (const [kind, m] of Object.entries(EVENT_MEANINGS)) {
      expect(m.meaning, kind).not.toContain('\n')
      expect(m.meaning.length, kind).toBeGreaterThan(20)
      expect(CHECK_IDS as readonly string[], kind).toContain(m.check)
    }
  })
  it('the replication events feed the checks the guide decides them in', () => {
    expect(EVENT_MEANINGS.NEWMASTER.check).toBe('repl.secondary-startup')
    expect(EVENT_MEANINGS.STARTUPDONE.check).toBe('repl.secondary-startup')
    expect(EVENT_MEANINGS.MASTER.check).toBe('role.assignment')
    expect(EVENT_MEANINGS.CLIENT.check).toBe('role.assignment')
    expect(EVENT_MEANINGS.DB_PANIC.check).toBe('db.panic')
    expect(EVENT_MEANINGS.HA_LINK.check).toBe('gui.ha-link')
    expect(EVENT_MEANINGS.MY_ADDR.check).toBe('gui.addresses')
    expect(EVENT_MEANINGS.RSYNC_OK.check).toBe('rsync.dodirect-result')
  })
})
