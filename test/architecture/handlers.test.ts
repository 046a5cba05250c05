/**
 * Handlers call services only: registering every channel touches no service (no subscription as a side
 * effect), and the pushes that answer no call are wired once by the host through subscribePushes, which
 * returns the unsubscribe.
 */
import { describe, expect, it } from 'vitest'
import type { AppServices } from '../../src-main/main/app/services'
import type { FleetEvent } from '../../src-main/main/schedule/fleet-service'
import { registerAllIpc } from '../../src-main/main/ipc/register'
import { subscribePushes } from '../../src-main/main/ipc/pushes'

/** services whose every domain throws when read: registration must not read any */
const untouchable = new Proxy({} as AppServices, {
  get: (_t, key) => {
    throw new Error(`registration read services.${String(key)}`)
  }
})

describe('architecture: handlers call services only, pushes are wired once', () => {
  it('registerAllIpc registers every channel and reads no service while doing so', () => {
    const channels: string[] = []
    registerAllIpc({ handle: (c) => void channels.push(c) }, untouchable, () => undefined, {})
    expect(channels).toContain('fleet:list')
    expect(channels).toContain('runs:list')
    expect(new Set(channels).size).toBe(channels.length)
  })

  it('subscribePushes forwards fleet events as plain pushes until unsubscribed', () => {
    const listeners = new Set<(e: FleetEvent) => void>()
    const fleet = {
      onEvent: (l: (e: FleetEvent) => void) => (listeners.add(l), () => void listeners.delete(l))
    } as unknown as AppServices['fleet']
    const sent: [string, unknown][] = []
    const off = subscribePushes({ fleet }, (event, payload) => void sent.push([event, payload]))
    expect(listeners.size).toBe(1)
    for (const l of listeners) l({ type: 'open-pair', pairId: 7 })
    for (const l of listeners) l({ type: 'open-pair', pairId: undefined })
    expect(sent).toEqual([
      ['app:open-pair', { pairId: 7 }],
      ['app:open-pair', { pairId: null }]
    ])
    off()
    expect(listeners.size).toBe(0)
  })
})
