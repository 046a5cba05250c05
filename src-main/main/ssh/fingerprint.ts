/**
 * Host-key fingerprints in the forms an admin can check on the node's console. NSM appliances run
 * CentOS/RHEL 5/6 with OpenSSH 4.3–5.3: `ssh-keygen -l` prints the MD5 hex form there (`-E` arrived in
 * OpenSSH 6.8, SHA256 became its default then), and they have no ed25519 host key. So the app shows
 * MD5 beside SHA256 (as PuTTY and Termius do); shared/domain/host-key.ts names the key file to check.
 */
import { createHash } from 'node:crypto'

/** `MD5:aa:bb:…` of an SSH public key blob (the wire form), as `ssh-keygen -l -E md5` prints it. */
export function md5OfKey(key: Buffer): string {
  const hex = createHash('md5').update(key).digest('hex')
  return `MD5:${hex.match(/../g)!.join(':')}`
}
