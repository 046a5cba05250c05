/** What an admin types on a node's console to check the host key the app was offered. */

/** the host key file of an algorithm under /etc/ssh (undefined for one OpenSSH does not name so) */
export function hostKeyFileOf(keyType: string): string | undefined {
  if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-sha2-')) return '/etc/ssh/ssh_host_rsa_key.pub'
  if (keyType === 'ssh-dss') return '/etc/ssh/ssh_host_dsa_key.pub'
  if (keyType.startsWith('ecdsa-sha2-')) return '/etc/ssh/ssh_host_ecdsa_key.pub'
  if (keyType === 'ssh-ed25519') return '/etc/ssh/ssh_host_ed25519_key.pub'
  return undefined
}

/**
 * The console commands for a key type: `ssh-keygen -lf FILE` prints MD5 on OpenSSH before 6.8 (NSM
 * appliances: CentOS/RHEL 5/6, OpenSSH 4.3–5.3, which have no ed25519 key) and SHA256 from 6.8 on, where
 * `-E md5` prints MD5 (older ssh-keygen refuses `-E`).
 */
export function consoleHintOf(keyType: string): { file: string; plain: string; md5: string; ed25519OnOldNsm: boolean } {
  const file = hostKeyFileOf(keyType) ?? '/etc/ssh/ssh_host_rsa_key.pub'
  return { file, plain: `ssh-keygen -lf ${file}`, md5: `ssh-keygen -l -E md5 -f ${file}`, ed25519OnOldNsm: keyType === 'ssh-ed25519' }
}
