/**
 * Host keys of the selected pair after a run refused for them: the connection test that shows the keys main
 * sees (pairs:test) and the keys the confirmation dialog asks about; trusting one (hostkeys:trust) is the
 * dialog's HostKeyTrustState. Changed only through methods. An answer of pairs:test is shown only while the pair it was asked for is still selected and no
 * newer review or reset came after it: a late answer never shows another pair's key state.
 */
import type { HostKeySeenDto } from '@shared/ipc-contract'
import { api, errorText } from '../../lib/api'
import { app } from '../../lib/state/app.svelte'

export class HostKeyState {
  /** the keys the dialog asks about (null: no dialog) */
  #keys = $state.raw<HostKeySeenDto[] | null>(null)
  /** `host:port` → the node's role, for the dialog's "type the host" rule */
  #labels = $state.raw<Record<string, string>>({})
  /** keys confirmed since the last report (0: none; the banner then offers the re-run) */
  #trusted = $state(0)
  #error = $state<string | null>(null)
  #busy = $state(false)
  /** the review asked last; an answer for an earlier one is dropped */
  #asked = 0
  readonly #selected: () => number | null

  constructor(selected: () => number | null = () => app.selectedId) {
    this.#selected = selected
  }

  get keys(): readonly HostKeySeenDto[] | null {
    return this.#keys
  }
  get labels(): Readonly<Record<string, string>> {
    return this.#labels
  }
  get trusted(): number {
    return this.#trusted
  }
  get error(): string | null {
    return this.#error
  }
  get busy(): boolean {
    return this.#busy
  }

  /** A new report (another pair, a re-run): start over; a review still under way is forgotten. */
  reset(): void {
    this.#asked++
    this.#keys = null
    this.#labels = {}
    this.#trusted = 0
    this.#error = null
    this.#busy = false
  }

  /** Test the selected pair's connection and open the dialog on the keys that are not pinned (or CHANGED). */
  async review(): Promise<void> {
    const pairId = this.#selected()
    if (pairId === null) return
    const asked = ++this.#asked
    const current = (): boolean => asked === this.#asked && this.#selected() === pairId
    this.#busy = true
    this.#error = null
    try {
      const r = await api.pairs.test({ pairId })
      if (!current()) return
      const seen: Record<string, HostKeySeenDto> = {}
      for (const n of r.nodes) for (const k of n.hostKeys) if (k.state !== 'match') seen[keyId(k)] = k
      this.#labels = Object.fromEntries(r.nodes.map((n) => [n.target.replace(/^[^@]*@/, ''), n.role]))
      if (Object.keys(seen).length) this.#keys = Object.values(seen)
      else this.#trusted = 1
    } catch (e) {
      if (current()) this.#error = errorText(e)
    } finally {
      if (asked === this.#asked) this.#busy = false
    }
  }

  /** Close the dialog: the keys trusted in it count toward the banner's re-run. */
  closeDialog(trusted: number): void {
    this.#trusted += trusted
    this.#keys = null
  }

  /** The banner's "Run checks again". */
  rerun(): void {
    this.#trusted = 0
    void app.run()
  }
}

/** The confirmation dialog's keys: trusting one (hostkeys:trust), and per key whether it is trusted or why not. */
export class HostKeyTrustState {
  #done = $state<Record<string, boolean>>({})
  #errors = $state<Record<string, string>>({})
  #busy = $state(false)

  get busy(): boolean {
    return this.#busy
  }
  isDone(k: HostKeySeenDto): boolean {
    return !!this.#done[keyId(k)]
  }
  errorOf(k: HostKeySeenDto): string {
    return this.#errors[keyId(k)] ?? ''
  }

  /** Pin exactly the fingerprint main presented; replacing a changed pin sends the host name main checks. */
  async trust(k: HostKeySeenDto, confirmHost?: string): Promise<void> {
    this.#busy = true
    this.#errors[keyId(k)] = ''
    try {
      await api.hostkeys.trust({
        host: k.host,
        port: k.port,
        sha256: k.sha256,
        ...(k.state === 'changed' ? { confirmHost: confirmHost ?? '' } : {})
      })
      this.#done[keyId(k)] = true
    } catch (e) {
      this.#errors[keyId(k)] = errorText(e)
    } finally {
      this.#busy = false
    }
  }
}

export function keyId(k: HostKeySeenDto): string {
  return `${k.host}:${k.port}`
}

export const hostKeys = new HostKeyState()
