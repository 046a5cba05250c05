/** A service's "there is no such thing" (a pair, a run): the IPC layer answers it with the code `not-found`. */
export class NotFoundError extends Error {}
