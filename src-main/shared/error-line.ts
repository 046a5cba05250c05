/** The first line of an error's message: how an error is shown in one line (events, IPC failures, logs). */
export function errorLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].trimEnd()
}
