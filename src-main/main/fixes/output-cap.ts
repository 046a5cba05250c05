/**
 * Bounds on what a fix keeps and shows of a node's output, whatever the node prints: a line is cut at
 * MAX_LINE_CHARS, a step shows at most MAX_STEP_LINES lines and a whole fix MAX_FIX_LINES (live output to the
 * wizard, the step outcome and the audit row alike); what is left out is counted and said once per step.
 */
export const MAX_LINE_CHARS = 2000
export const MAX_STEP_LINES = 1000
export const MAX_FIX_LINES = 5000

/** The line budget of one fix execution. */
export class LineBudget {
  #step = 0
  #total = 0
  /** lines of the current step left out */
  dropped = 0

  newStep(): void {
    this.#step = 0
    this.dropped = 0
  }

  /** true when one more line may be kept */
  take(): boolean {
    if (this.#step >= MAX_STEP_LINES || this.#total >= MAX_FIX_LINES) {
      this.dropped++
      return false
    }
    this.#step++
    this.#total++
    return true
  }

  /** the note for the current step, when lines were left out */
  note(): string | undefined {
    return this.dropped > 0
      ? `… ${this.dropped} more lines of output not shown (at most ${MAX_STEP_LINES} lines per step and ${MAX_FIX_LINES} per fix are kept)`
      : undefined
  }
}

/** Splits one stream of streamed output into bounded lines (linear in the input; the partial line is bounded). */
export class StreamLines {
  #buf = ''
  #over = 0

  constructor(
    private readonly budget: LineBudget,
    private readonly emit: (line: string) => void
  ) {}

  push(chunk: string): void {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf('\n', start)
      this.#append(nl < 0 ? chunk.slice(start) : chunk.slice(start, nl))
      if (nl < 0) return
      this.#flush()
      start = nl + 1
    }
  }

  /** the last line when it had no newline */
  end(): void {
    if (this.#buf !== '' || this.#over > 0) this.#flush()
  }

  #append(piece: string): void {
    const room = MAX_LINE_CHARS - this.#buf.length
    if (piece.length <= room) this.#buf += piece
    else {
      this.#buf += piece.slice(0, room)
      this.#over += piece.length - room
    }
  }

  #flush(): void {
    const line = this.#over > 0 ? `${this.#buf} … [cut: ${this.#over} more characters]` : this.#buf
    this.#buf = ''
    this.#over = 0
    if (this.budget.take()) this.emit(line)
  }
}
