import { hostname, userInfo } from 'node:os'

/** `user@host` of this process, for the `by` of runs and audit rows. */
export function runBy(): string {
  let user = process.env.USER ?? process.env.USERNAME ?? 'unknown'
  try {
    user = userInfo().username
  } catch {
    // no passwd entry (containers): keep the environment's name
  }
  return `${user}@${hostname()}`
}
